using Nguon.Model;

namespace Nguon;

/// <summary>The GS1 Company Prefixes whose first six digits are this grain's key (GCPs have 6 to 12 digits, so each
/// prefix lives in exactly one such grain, and a GTIN's prefix is found with one call). Keeps at most
/// <c>CompanyPrefixDecisions.MaxPerGrain</c> prefixes.</summary>
[Alias("nguon.ICompanyPrefixGrain")]
public interface ICompanyPrefixGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<Outcome<CompanyPrefix>> Register(string prefix, RegisterPrefix command, Actor actor);
    [Alias("License")] Task<Outcome<CompanyPrefix>> License(string prefix, GrantPrefixLicence command, Actor actor);
    /// <summary>Public: a prefix, its holder and licensees (as GS1's GEPIR answers who holds a prefix).</summary>
    [Alias("Get")] Task<CompanyPrefix?> Get(string prefix);
    /// <summary>The prefix a GTIN-14 lies under, or null when Nguon knows none.</summary>
    [Alias("ForGtin")] Task<CompanyPrefix?> ForGtin(string gtin14);
}

/// <summary>One GTIN's product master data, keyed by the GTIN-14.</summary>
[Alias("nguon.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<Outcome<Product>> Register(RegisterProduct command, Actor actor);
    [Alias("Get")] Task<Product?> Get();
}
