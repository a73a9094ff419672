using Nguon.Model;

namespace Nguon.Client;

public sealed partial class NguonClient
{
    // GS1 Company Prefixes and product master data
    public Task<CompanyPrefix> RegisterPrefix(string prefix, RegisterPrefix body, CancellationToken ct = default)
        => Send<CompanyPrefix>(HttpMethod.Put, $"api/prefixes/{E(prefix)}", body, ct);
    public Task<CompanyPrefix> GetPrefix(string prefix, CancellationToken ct = default)
        => Send<CompanyPrefix>(HttpMethod.Get, $"api/prefixes/{E(prefix)}", null, ct);
    public Task<CompanyPrefix> LicensePrefix(string prefix, GrantPrefixLicence body, CancellationToken ct = default)
        => Send<CompanyPrefix>(HttpMethod.Post, $"api/prefixes/{E(prefix)}/licences", body, ct);
    public Task<Product> RegisterProduct(string gtin, RegisterProduct body, CancellationToken ct = default)
        => Send<Product>(HttpMethod.Put, $"api/products/{E(gtin)}", body, ct);
    public Task<Product> GetProduct(string gtin, CancellationToken ct = default)
        => Send<Product>(HttpMethod.Get, $"api/products/{E(gtin)}", null, ct);
}
