using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Http;

/// <summary>An organisation as the tests act for it: its id and one of its API keys. The token is the whole
/// credential, so it is kept out of <see cref="ToString"/> (and with it out of assertion messages).</summary>
public sealed record Party(string Id, string Token, string KeyId)
{
    /// <summary>The part of the token after the key id: what the server must never store or print.</summary>
    public string Secret => Token[(Nguon.Domain.ApiKeys.Prefix.Length + KeyId.Length + 1)..];

    public override string ToString() => $"{Id} (key {KeyId})";
}

/// <summary>Wire-level helpers: bodies are sent as plain JSON (not the C# contracts) so the tests pin the HTTP
/// contract itself, and answers are read as <see cref="JsonElement"/>. Requests carry the API key of the
/// <see cref="Party"/> they are sent by (Authorization: Bearer ngn_…), or none.</summary>
public static class Api
{
    /// <summary>The header the API once took the acting organisation from; it must now be ignored.</summary>
    public const string OrganisationHeader = "X-Nguon-Organisation";
    public const string ProblemJson = "application/problem+json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The demo's Lục Ngạn protected area; <see cref="Inside"/> lies in it, <see cref="Outside"/> does not
    /// (<see cref="WorldData"/>).</summary>
    public const string Area = WorldData.Area;
    public const string Inside = WorldData.Inside;
    public const string Outside = WorldData.Outside;

    public static string Suffix() => Guid.NewGuid().ToString("N")[..12];

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, object? body = null,
        Party? by = null) =>
        client.SendAuthorized(method, path, body, by is null ? null : $"Bearer {by.Token}");

    /// <summary>Sends with a raw Authorization header value (or none), plus any extra headers.</summary>
    public static Task<HttpResponseMessage> SendAuthorized(this HttpClient client, HttpMethod method, string path, object? body,
        string? authorization,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        if (authorization is not null) Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Put(this HttpClient client, string path, object body, Party? by = null)
        => client.Send(HttpMethod.Put, path, body, by);
    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body, Party? by = null)
        => client.Send(HttpMethod.Post, path, body, by);
    public static Task<HttpResponseMessage> Get(this HttpClient client, string path, Party? by = null)
        => client.Send(HttpMethod.Get, path, null, by);
    public static Task<HttpResponseMessage> Delete(this HttpClient client, string path, Party? by = null)
        => client.Send(HttpMethod.Delete, path, null, by);

    /// <summary>GET with an Accept header and no key.</summary>
    public static Task<HttpResponseMessage> GetAccepting(this HttpClient client, string path, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) Assert.True(request.Headers.TryAddWithoutValidation("Accept", accept));
        return client.SendAsync(request);
    }

    /// <summary>Registers organisation <paramref name="id"/> with <paramref name="roles"/> as <paramref name="admin"/> and
    /// issues it a key.</summary>
    public static async Task<Party> RegisterOrganisation(this HttpClient client, Party admin, string id, params string[] roles)
    {
        var body = new { name = $"Test organisation {id}", roles, country = "VN" };
        await client.Put($"api/organisations/{id}", body, admin).Expect(HttpStatusCode.Created);
        return await client.IssueKey(admin, id);
    }

    /// <summary>A new key for <paramref name="organisation"/>, issued by <paramref name="admin"/>.</summary>
    public static async Task<Party> IssueKey(this HttpClient client, Party admin, string organisation, string label = "test")
    {
        var body = await client.Post($"api/organisations/{organisation}/keys", new { label }, admin).Expect(HttpStatusCode.Created);
        var token = body.Str("token");
        var keyId = body.GetProperty("key").Str("keyId");
        Assert.Equal(organisation, body.GetProperty("key").Str("organisation"));
        Assert.StartsWith($"{Nguon.Domain.ApiKeys.Prefix}{keyId}_", token, StringComparison.Ordinal);
        return new Party(organisation, token, keyId);
    }

    /// <summary>Asserts the status code and returns the JSON body (the body is in the failure message).</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, "
                + $"got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> Expect(this Task<HttpResponseMessage> response, HttpStatusCode status)
    {
        using var r = await response;
        return await r.Expect(status);
    }

    /// <summary>An RFC 9457 problem document: the status code, Content-Type application/problem+json, and a body
    /// with status (matching), title and detail.</summary>
    public static async Task<JsonElement> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Expect(status);
        var where = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)status})";
        Assert.True(response.Content.Headers.ContentType?.MediaType == ProblemJson,
            $"{where}: Content-Type is '{response.Content.Headers.ContentType}', not {ProblemJson}");
        Assert.True(body.ValueKind == JsonValueKind.Object, $"{where}: the problem body is not a JSON object: {body}");
        Assert.True(body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == (int)status,
            $"{where}: the problem's \"status\" is missing or differs: {body}");
        Assert.True(body.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0,
            $"{where}: the problem has no \"title\": {body}");
        Assert.True(body.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String && d.GetString()!.Length > 0,
            $"{where}: the problem has no \"detail\" saying what is wrong: {body}");
        return body;
    }

    public static async Task<JsonElement> ExpectProblem(this Task<HttpResponseMessage> response, HttpStatusCode status)
    {
        using var r = await response;
        return await r.ExpectProblem(status);
    }

    /// <summary>A 401 problem that challenges for a bearer token (WWW-Authenticate: Bearer).</summary>
    public static async Task<JsonElement> ExpectUnauthorized(this Task<HttpResponseMessage> response)
    {
        using var r = await response;
        var problem = await r.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.True(r.Headers.WwwAuthenticate.Any(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)),
            $"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri?.PathAndQuery}: 401 without WWW-Authenticate: Bearer (got "
                + $"'{r.Headers.WwwAuthenticate}')");
        Assert.Contains("auth.unauthenticated", problem.Rules());
        return problem;
    }

    /// <summary>A 403 problem naming the permission rule.</summary>
    public static async Task<JsonElement> ExpectForbidden(this Task<HttpResponseMessage> response)
    {
        var problem = await response.ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Contains("auth.forbidden", problem.Rules());
        return problem;
    }

    /// <summary>The rule codes of a problem's violations.</summary>
    public static List<string> Rules(this JsonElement problem) =>
        problem.TryGetProperty("violations", out var v) ? [.. v.EnumerateArray().Select(x => x.GetProperty("rule").GetString()!)] : [];

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static string Iso(DateTimeOffset t) => t.ToString("O");

    /// <summary>Every property name anywhere in a JSON document.</summary>
    public static IEnumerable<string> PropertyNames(this JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => new[] { p.Name }.Concat(p.Value.PropertyNames())),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    public static object Certificate(
        string product = "lychee", string area = Area, string holder = "Sở KH&CN Bắc Giang", decimal maxYield = 12_000m) =>
        WorldData.CertificateBody(product, area, holder, maxYield);

    public static object Farm(string owner, string location = Inside, decimal areaHa = 2m, string name = "Vườn thử") =>
        WorldData.FarmBody(name, owner, location, areaHa);

    public static object Harvest(string batchCode, decimal kg, DateTimeOffset at, string? gi) => new
    {
        batchCode,
        product = "lychee",
        quantity = new { amount = kg, unit = "kg" },
        harvestedAt = Iso(at),
        giClaim = gi,
        variety = "thiều",
    };

    public static object Authorisation(string gi, string reference = "QĐ-1") => WorldData.AuthorisationBody(gi, reference);
}

/// <summary>A small GI world built through the HTTP API: its own organisations (each registered by the admin
/// with its roles and a key), one certificate, authorised farms inside its area, harvests. Every id carries a
/// unique suffix so tests share a silo without meeting. Each step is done by the organisation entitled to it:
/// the authority registers the certificate and authorises farms, a producer registers and harvests its own farm.</summary>
public sealed class HttpWorld(SiloProcess silo, string? suffix = null, DateTimeOffset? t0 = null)
{
    private HttpClient Client => silo.Client;

    public string Suffix { get; } = suffix ?? Api.Suffix();
    public string Gi => $"GI-{Suffix}";
    public string Id(string name) => $"{name}-{Suffix}";

    /// <summary>Harvest time: recent and in the past, so every time rule (not in the future, within validity) holds.</summary>
    public DateTimeOffset T0 { get; } = t0 ?? new DateTimeOffset(DateTime.UtcNow.AddDays(-2).Date.AddHours(6), TimeSpan.Zero);
    public string Season => T0.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>This world's organisation <paramref name="name"/> (id <c>{name}-{suffix}</c>), registered on first use.</summary>
    public Task<Party> Org(string name, params string[] roles) => silo.Organisation(Id(name), roles);
    public Task<Party> Authority() => Org("authority", "authority");
    public Task<Party> Inspector() => Org("inspector", "inspector");
    public Task<Party> Producer(string name) => Org(name, "producer");
    public Task<Party> Operator(string name) => Org(name, "operator");
    public Task<Party> Retailer(string name) => Org(name, "retailer");

    public async Task<JsonElement> RegisterCertificate()
    {
        using var response = await Client.Put($"api/certificates/{Gi}", Api.Certificate(), await Authority());
        var body = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/certificates/{Gi}", response.Headers.Location?.OriginalString);
        return body;
    }

    /// <summary>The producer registers its own farm.</summary>
    public async Task RegisterFarm(string name, Party owner, string location = Api.Inside, decimal areaHa = 2m) =>
        await Client.Put($"api/farms/{Id(name)}", Api.Farm(owner.Id, location, areaHa), owner).Expect(HttpStatusCode.Created);

    public async Task Authorise(string farm) =>
        await Client.Post($"api/farms/{Id(farm)}/authorisations", Api.Authorisation(Gi, $"QĐ-{Suffix}/2024"), await Authority())
            .Expect(HttpStatusCode.OK);

    public async Task<JsonElement> Harvest(string farm, string batch, decimal kg, Party owner, bool claimGi = true)
    {
        using var response = await Client.Post($"api/farms/{Id(farm)}/harvests", Api.Harvest(Id(batch), kg, T0, claimGi ? Gi : null),
            owner);
        var body = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/batches/{Id(batch)}", response.Headers.Location?.OriginalString);
        return body;
    }

    /// <summary>Certificate, one authorised farm inside the area owned by producer <paramref name="owner"/>, one GI
    /// harvest of <paramref name="kg"/> kg.</summary>
    public async Task<JsonElement> FarmWithHarvest(string farm = "FARM", string batch = "H", decimal kg = 1000m, string owner = "htx-test")
    {
        var producer = await Producer(owner);
        await RegisterCertificate();
        await RegisterFarm(farm, producer);
        await Authorise(farm);
        return await Harvest(farm, batch, kg, producer);
    }

    /// <summary>The custodian ships the batch to <paramref name="to"/>, which receives it.</summary>
    public async Task ShipAndReceive(string batch, Party from, Party to, int hours = 1)
    {
        await Client.Post($"api/batches/{Id(batch)}/events",
            new
            {
                bizStep = BizStep.Shipping.Value, eventTime = Api.Iso(T0.AddHours(hours)), destination = to.Id,
                disposition = Disposition.InTransit.Value
            }, from)
            .Expect(HttpStatusCode.Created);
        await Client.Post($"api/batches/{Id(batch)}/events",
            new
            {
                bizStep = BizStep.Receiving.Value, eventTime = Api.Iso(T0.AddHours(hours).AddMinutes(30)),
                disposition = Disposition.Active.Value
            }, to)
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>Reads as this world's inspector, who may read every batch and farm.</summary>
    public async Task<JsonElement> Get(string path) => await Client.Get(path, await Inspector()).Expect(HttpStatusCode.OK);

    /// <summary>The served text of <paramref name="path"/>, read as the inspector: any change shows in it.</summary>
    public async Task<string> Raw(string path)
    {
        using var response = await Client.Get(path, await Inspector());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>The batch with its whole event history, as served.</summary>
    public async Task<string> RawBatch(string code) => await Raw($"api/batches/{code}") + "\n" + await Raw($"api/batches/{code}/events");

    /// <summary>Asserts, as the inspector, that <paramref name="path"/> is not there (404 problem).</summary>
    public async Task AssertMissing(string path) => await Client.Get(path, await Inspector()).ExpectProblem(HttpStatusCode.NotFound);
}
