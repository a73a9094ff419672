using System.Net;
using System.Text;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>Wire-level helpers: bodies are sent as plain JSON (not the C# contracts) so the tests pin the HTTP
/// contract itself, and answers are read as <see cref="JsonElement"/>.</summary>
public static class Api
{
    public const string OrganisationHeader = "X-Nguon-Organisation";
    public const string ProblemJson = "application/problem+json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The demo's Lục Ngạn protected area; <see cref="Inside"/> lies in it, <see cref="Outside"/> does not.</summary>
    public const string Area = """{"type":"Polygon","coordinates":[[[106.38,21.22],[106.62,21.20],[106.86,21.28],[106.90,21.45],[106.78,21.58],[106.52,21.56],[106.40,21.45],[106.38,21.22]]]}""";
    public const string Inside = """{"type":"Point","coordinates":[106.55,21.33]}""";
    public const string Outside = """{"type":"Point","coordinates":[106.43,20.90]}""";

    public static string Suffix() => Guid.NewGuid().ToString("N")[..12];

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, object? body = null, string? actor = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        if (actor is not null) request.Headers.Add(OrganisationHeader, actor);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Put(this HttpClient client, string path, object body, string? actor = null) => client.Send(HttpMethod.Put, path, body, actor);
    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body, string? actor = null) => client.Send(HttpMethod.Post, path, body, actor);

    /// <summary>Asserts the status code and returns the JSON body (the body is in the failure message).</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
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

    /// <summary>The rule codes of a problem's violations.</summary>
    public static List<string> Rules(this JsonElement problem) =>
        problem.TryGetProperty("violations", out var v) ? [.. v.EnumerateArray().Select(x => x.GetProperty("rule").GetString()!)] : [];

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static string Iso(DateTimeOffset t) => t.ToString("O");

    public static object Certificate(string product = "lychee", string area = Area, string holder = "Sở KH&CN Bắc Giang", decimal maxYield = 12_000m) => new
    {
        name = new { vi = "Vải thiều thử nghiệm", en = "Test lychee", ja = "テスト" },
        product,
        varieties = new[] { "thiều" },
        holder,
        protectedAreaGeoJson = area,
        validFrom = "2020-01-01T00:00:00+07:00",
        specification = new { maxYieldKgPerHaPerSeason = maxYield, qualityCriteria = new[] { "Brix ≥ 18" } },
    };

    public static object Farm(string owner, string location = Inside, decimal areaHa = 2m, string name = "Vườn thử") => new
    {
        name,
        owner,
        address = new { commune = "Phượng Sơn", district = "Lục Ngạn", province = "Bắc Giang" },
        locationGeoJson = location,
        areaHa,
        crops = new[] { "lychee" },
    };

    public static object Harvest(string batchCode, decimal kg, DateTimeOffset at, string? gi) => new
    {
        batchCode,
        product = "lychee",
        quantity = new { amount = kg, unit = "kg" },
        harvestedAt = Iso(at),
        giClaim = gi,
        variety = "thiều",
    };
}

/// <summary>A small GI world built through the HTTP API: one certificate, authorised farms inside its area,
/// harvests. Every id carries a unique suffix so tests share a silo without meeting.</summary>
public sealed class HttpWorld(HttpClient client, string? suffix = null, DateTimeOffset? t0 = null)
{
    public string Suffix { get; } = suffix ?? Api.Suffix();
    public string Gi => $"GI-{Suffix}";
    public string Id(string name) => $"{name}-{Suffix}";
    public const string Authority = "authority-test";

    /// <summary>Harvest time: recent and in the past, so every time rule (not in the future, within validity) holds.</summary>
    public DateTimeOffset T0 { get; } = t0 ?? new DateTimeOffset(DateTime.UtcNow.AddDays(-2).Date.AddHours(6), TimeSpan.Zero);

    /// <summary>The same ids and times through another client (e.g. after the silo restarted on new ports).</summary>
    public HttpWorld On(HttpClient other) => new(other, Suffix, T0);
    public string Season => T0.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<JsonElement> RegisterCertificate()
    {
        using var response = await client.Put($"api/certificates/{Gi}", Api.Certificate(), Authority);
        var body = await response.Expect(System.Net.HttpStatusCode.Created);
        Assert.Equal($"/api/certificates/{Gi}", response.Headers.Location?.OriginalString);
        return body;
    }

    public async Task RegisterFarm(string name, string owner, string location = Api.Inside, decimal areaHa = 2m) =>
        await client.Put($"api/farms/{Id(name)}", Api.Farm(owner, location, areaHa), Authority).Expect(System.Net.HttpStatusCode.Created);

    public async Task Authorise(string farm) =>
        await client.Post($"api/farms/{Id(farm)}/authorisations",
            new { giNumber = Gi, validFrom = "2024-01-01T00:00:00+07:00", decisionReference = $"QĐ-{Suffix}/2024" }, Authority)
            .Expect(System.Net.HttpStatusCode.OK);

    public async Task<JsonElement> Harvest(string farm, string batch, decimal kg, string owner, bool claimGi = true)
    {
        using var response = await client.Post($"api/farms/{Id(farm)}/harvests", Api.Harvest(Id(batch), kg, T0, claimGi ? Gi : null), owner);
        var body = await response.Expect(System.Net.HttpStatusCode.Created);
        Assert.Equal($"/api/batches/{Id(batch)}", response.Headers.Location?.OriginalString);
        return body;
    }

    /// <summary>Certificate, one authorised farm inside the area, one GI harvest of <paramref name="kg"/> kg.</summary>
    public async Task<JsonElement> FarmWithHarvest(string farm = "FARM", string batch = "H", decimal kg = 1000m, string owner = "htx-test")
    {
        await RegisterCertificate();
        await RegisterFarm(farm, owner);
        await Authorise(farm);
        return await Harvest(farm, batch, kg, owner);
    }

    public Task<JsonElement> Get(string path) => client.GetAsync(path).Expect(System.Net.HttpStatusCode.OK);
}
