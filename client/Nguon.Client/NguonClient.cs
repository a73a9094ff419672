using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nguon.Model;

namespace Nguon.Client;

/// <summary>Typed client for the Nguon HTTP API. Every refusal throws <see cref="NguonApiException"/> carrying
/// the server's problem document.</summary>
public sealed partial class NguonClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient http;
    private readonly Uri[] servers;

    /// <param name="http">Its BaseAddress is the server, e.g. http://127.0.0.1:5080/.</param>
    /// <param name="apiKey">An API key (ngn_…); null for public calls only.</param>
    public NguonClient(HttpClient http, string? apiKey = null)
        : this(http, [http.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(http))], apiKey)
    {
    }

    /// <param name="http">Sends every request (its BaseAddress is not used).</param>
    /// <param name="servers">Silos of one cluster, any of which answers; requests fail over between them.</param>
    /// <param name="apiKey">An API key (ngn_…); null for public calls only.</param>
    public NguonClient(HttpClient http, IReadOnlyList<Uri> servers, string? apiKey = null)
    {
        if (servers.Count == 0) throw new ArgumentException("name at least one server", nameof(servers));
        this.http = http;
        this.servers = [.. servers.Select(s => s.AbsoluteUri.EndsWith('/') ? s : new Uri(s.AbsoluteUri + "/"))];
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public static NguonClient Create(Uri server, string? apiKey = null) => new(new HttpClient { BaseAddress = server }, apiKey);

    /// <summary>A client for several silos of one cluster: it fails over between them.</summary>
    public static NguonClient Create(IReadOnlyList<Uri> servers, string? apiKey = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, servers, apiKey);

    /// <summary>The server requests currently go to.</summary>
    public Uri Server => servers[(int)((uint)preferred % (uint)servers.Length)];

    public IReadOnlyList<Uri> Servers => servers;

    private static string E(string segment) => Uri.EscapeDataString(segment);

    private static async Task<NguonApiException> Failure(HttpResponseMessage response, CancellationToken ct)
    {
        Problem? problem = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
                problem = await response.Content.ReadFromJsonAsync<Problem>(Json, ct);
        }
        catch (JsonException)
        {
            // Not a problem document: the status line says enough.
        }
        return new NguonApiException((int)response.StatusCode, problem, $"{(int)response.StatusCode} {response.ReasonPhrase}");
    }

    // Organisations, keys and audit
    public Task<Organisation> RegisterOrganisation(string id, RegisterOrganisation body, CancellationToken ct = default)
        => Send<Organisation>(HttpMethod.Put, $"api/organisations/{E(id)}", body, ct);
    public Task<Organisation> GetOrganisation(string id, CancellationToken ct = default)
        => Send<Organisation>(HttpMethod.Get, $"api/organisations/{E(id)}", null, ct);
    public Task<IssuedKey> IssueKey(string organisation, IssueKey body, CancellationToken ct = default)
        => Send<IssuedKey>(HttpMethod.Post, $"api/organisations/{E(organisation)}/keys", body, ct);
    public Task<List<ApiKeyInfo>> ListKeys(string organisation, CancellationToken ct = default)
        => Send<List<ApiKeyInfo>>(HttpMethod.Get, $"api/organisations/{E(organisation)}/keys", null, ct);
    public Task<ApiKeyInfo> RevokeKey(string organisation, string keyId, CancellationToken ct = default)
        => Send<ApiKeyInfo>(HttpMethod.Delete, $"api/organisations/{E(organisation)}/keys/{E(keyId)}", null, ct);
    public Task<List<AuditEntry>> Audit(string organisation, DateOnly day, CancellationToken ct = default)
        => Send<List<AuditEntry>>(HttpMethod.Get, $"api/organisations/{E(organisation)}/audit?day={day:yyyy-MM-dd}", null, ct);
    public Task<Actor> WhoAmI(CancellationToken ct = default) => Send<Actor>(HttpMethod.Get, "api/me", null, ct);

    // GI certificates
    public Task<Certificate> RegisterCertificate(string number, RegisterCertificate body, CancellationToken ct = default)
        => Send<Certificate>(HttpMethod.Put, $"api/certificates/{E(number)}", body, ct);
    public Task<Certificate> GetCertificate(string number, CancellationToken ct = default)
        => Send<Certificate>(HttpMethod.Get, $"api/certificates/{E(number)}", null, ct);
    public Task<Certificate> ChangeCertificateStatus(string number, ChangeStatus body, CancellationToken ct = default)
        => Send<Certificate>(HttpMethod.Post, $"api/certificates/{E(number)}/status", body, ct);

    // Farms
    public Task<Farm> RegisterFarm(string code, RegisterFarm body, CancellationToken ct = default)
        => Send<Farm>(HttpMethod.Put, $"api/farms/{E(code)}", body, ct);
    public Task<Farm> GetFarm(string code, CancellationToken ct = default) => Send<Farm>(HttpMethod.Get, $"api/farms/{E(code)}", null, ct);
    public Task<Farm> AuthoriseFarm(string code, AuthoriseFarm body, CancellationToken ct = default)
        => Send<Farm>(HttpMethod.Post, $"api/farms/{E(code)}/authorisations", body, ct);
    public Task<Farm> ChangeAuthorisation(string code, string gi, ChangeStatus body, CancellationToken ct = default)
        => Send<Farm>(HttpMethod.Post, $"api/farms/{E(code)}/authorisations/{E(gi)}/status", body, ct);
    public Task<Batch> RecordHarvest(string farm, RecordHarvest body, CancellationToken ct = default)
        => Send<Batch>(HttpMethod.Post, $"api/farms/{E(farm)}/harvests", body, ct);
    public Task<FarmSeason> GetSeason(string farm, string season, CancellationToken ct = default)
        => Send<FarmSeason>(HttpMethod.Get, $"api/farms/{E(farm)}/seasons/{E(season)}", null, ct);
    public Task<SeasonRecall> RecallSeason(string farm, string season, RecallBatch body, CancellationToken ct = default)
        => Send<SeasonRecall>(HttpMethod.Post, $"api/farms/{E(farm)}/seasons/{E(season)}/recall", body, ct);
    public Task<DescendantGraph> RecallScope(string farm, string season, CancellationToken ct = default)
        => Send<DescendantGraph>(HttpMethod.Get, $"api/farms/{E(farm)}/seasons/{E(season)}/recall-scope", null, ct);

    // Batches
    public Task<Batch> GetBatch(string code, CancellationToken ct = default)
        => Send<Batch>(HttpMethod.Get, $"api/batches/{E(code)}", null, ct);
    public Task<List<BatchEvent>> GetEvents(string code, CancellationToken ct = default)
        => Send<List<BatchEvent>>(HttpMethod.Get, $"api/batches/{E(code)}/events", null, ct);
    public Task<BatchEvent> RecordEvent(string code, RecordEvent body, CancellationToken ct = default)
        => Send<BatchEvent>(HttpMethod.Post, $"api/batches/{E(code)}/events", body, ct);
    public Task<BatchEvent> Recall(string code, RecallBatch body, CancellationToken ct = default)
        => Send<BatchEvent>(HttpMethod.Post, $"api/batches/{E(code)}/recall", body, ct);
    public Task<List<Batch>> Split(string code, SplitBatch body, CancellationToken ct = default)
        => Send<List<Batch>>(HttpMethod.Post, $"api/batches/{E(code)}/split", body, ct);
    public Task<Batch> Merge(CombineBatches body, CancellationToken ct = default)
        => Send<Batch>(HttpMethod.Post, "api/batches/merges", body, ct);
    public Task<Batch> Transform(CombineBatches body, CancellationToken ct = default)
        => Send<Batch>(HttpMethod.Post, "api/batches/transformations", body, ct);

    // Queries
    public Task<ProvenanceGraph> Trace(string code, CancellationToken ct = default)
        => Send<ProvenanceGraph>(HttpMethod.Get, $"api/batches/{E(code)}/trace", null, ct);
    public Task<DescendantGraph> Descendants(string code, CancellationToken ct = default)
        => Send<DescendantGraph>(HttpMethod.Get, $"api/batches/{E(code)}/descendants", null, ct);
    public Task<PublicVerification> Verify(string code, string? claim = null, CancellationToken ct = default) =>
        Send<PublicVerification>(HttpMethod.Get, $"api/batches/{E(code)}/verification" + (claim is null ? "" : $"?claim={E(claim)}"), null,
            ct);
    public Task<Verification> VerifyFull(string code, string? claim = null, CancellationToken ct = default, string? market = null) =>
        Send<Verification>(HttpMethod.Get, $"api/batches/{E(code)}/verification/full?" + string.Join("&",
            new[] { claim is null ? null : $"claim={E(claim)}", market is null ? null : $"market={E(market)}" }.OfType<string>()), null,
                ct);

    /// <summary>Resolves a GS1 Digital Link path (/01/{gtin}/10/{lot}) to the public verification of its lot: the
    /// resolver redirects (307) to the lot's gs1:verificationService link, judged against the GI its GTIN is sold as.</summary>
    public Task<PublicVerification> Resolve(string gtin, string lot, CancellationToken ct = default) =>
        Send<PublicVerification>(HttpMethod.Get, $"01/{E(gtin)}/10/{E(lot)}?linkType=gs1%3AverificationService", null, ct);
}
