using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nguon.Domain;
using Nguon.Silo.Api;
using Nguon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nguon.Tests.Http;

/// <summary>Issue 12's acceptance over real HTTP: "the 50,000-deep chain: every endpoint answers (a 4xx problem where a
/// cap applies), the silo stays up". A real silo process serves the chain (<see cref="DeepChainFixture"/>), and every
/// endpoint that reads a batch is asked about the tip, the middle and the root: each answers 200, or the walk's 422
/// problem where <see cref="TraceLimits"/> apply (a browser gets a readable page), within a time bound.</summary>
[Collection(DeepChainCollection.Name)]
public sealed class DeepChainHttpTests(DeepChainFixture fixture, ITestOutputHelper output)
{
    private static readonly int Depth = DeepChainFixture.Depth;
    // Far above what a capped walk costs (about a second on a quiet machine), below the client's 60 s: a walk that is not
    // bounded fails here, while a suite run loading every core does not.
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(30);
    private const string TooDeep = "trace.too-deep";

    private readonly List<(string Path, TimeSpan Took)> timings = [];

    [Fact]
    public async Task Every_endpoint_on_a_50000_deep_chain_answers_over_http_and_the_silo_process_stays_up()
    {
        var started = Stopwatch.StartNew();
        int tip = DeepChainFixture.Tip, middle = DeepChainFixture.Middle, shallow = TraceLimits.MaxDepth;
        output.WriteLine(fixture.Figures);
        var s = fixture.World;

        await using var silo = new SiloProcess(extraArguments: fixture.SiloArguments);
        await silo.StartAsync();
        var client = silo.Client;
        var inspector = await silo.Organisation($"deep-inspector-{s.Suffix}", "inspector");
        // The silo process signs with the key the chain was built with.
        var jwks = await Ok(client, DossierEndpoints.JwksPath.TrimStart('/'), null, "application/jwk-set+json");
        Assert.Contains(fixture.KeyId, JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Str("kid")));
        var serving = started.Elapsed;

        foreach (var index in new[] { tip, middle, 0 })
            await EveryBatchEndpoint(client, s, index, inspector);
        var farm = $"api/farms/{s.Id(DeepChain.Farm)}";
        await Ok(client, farm, inspector);
        await Ok(client, $"{farm}/seasons/{DeepChain.Season}", inspector);
        await Capped(client, $"{farm}/seasons/{DeepChain.Season}/recall-scope", inspector, s.Id(DeepChain.Farm));
        await Ok(client, $"api/certificates/{s.Gi}", null);

        // Within the caps the chain is walked whole: the first MaxDepth + 1 batches verify, the last MaxDepth + 1 descend.
        var verified = Json(await Ok(client, $"api/batches/{s.Id(DeepChain.Name(shallow))}/verification/full", inspector));
        Assert.Equal("verified", verified.Str("verdict"));
        Assert.Equal(TraceLimits.MaxDepth + 1, verified.GetProperty("batchesChecked").GetInt32());
        await Capped(client, $"api/batches/{s.Id(DeepChain.Name(shallow + 1))}/verification", null, s.Id(DeepChain.Name(shallow + 1)));
        var below = Json(await Ok(client, $"api/batches/{s.Id(DeepChain.Name(tip - TraceLimits.MaxDepth))}/descendants", inspector));
        Assert.Equal(TraceLimits.MaxDepth + 1, below.GetProperty("batches").GetArrayLength());

        // A write on the deep chain: the season's recall reaches every descendant the walks can judge.
        await client.Post($"{farm}/seasons/{DeepChain.Season}/recall", new { reason = "residue found in the harvest" }, inspector)
            .Expect(HttpStatusCode.OK);
        var recalled = Json(await Ok(client, $"api/batches/{s.Id(DeepChain.Name(shallow))}/verification", null));
        Assert.Equal("recalled", recalled.Str("verdict"));
        Assert.Contains(recalled.GetProperty("reasons").EnumerateArray(), r => r.Str("message").Contains(s.Id(DeepChain.Name(0))));
        Assert.Contains("<h1>Recalled</h1>", await Ok(client, $"{DigitalLinkPath(s, 0)}?lang=en", null, "text/html", "text/html"));
        await Capped(client, $"api/batches/{s.Id(DeepChain.Name(tip))}/verification", null, s.Id(DeepChain.Name(tip)));

        // The process is still up and answering.
        Assert.True(silo.IsRunning, $"the silo process exited:{Environment.NewLine}{SiloRunner.Tail(silo.Output)}");
        await Ok(client, "health/live", null, "text/plain");
        Assert.DoesNotContain("Stack overflow", silo.FullOutput, StringComparison.OrdinalIgnoreCase);
        var slowest = timings.MaxBy(t => t.Took);
        output.WriteLine($"{timings.Count} requests in {(started.Elapsed - serving).TotalSeconds:0.0} s, slowest "
            + $"{slowest.Took.TotalMilliseconds:0} ms ({slowest.Path}); silo ready after {serving.TotalSeconds:0.0} s; "
            + $"whole test {started.Elapsed.TotalSeconds:0.0} s after the build");
    }

    /// <summary>Every endpoint that reads batch <c>d{index}</c>: those that walk its ancestry are capped beyond MaxDepth
    /// levels above it, those that walk its descendants beyond MaxDepth levels below it, the others always answer.</summary>
    private async Task EveryBatchEndpoint(HttpClient client, Scenario s, int index, Party inspector)
    {
        var code = s.Id(DeepChain.Name(index));
        var batch = $"api/batches/{code}";
        var ancestryCapped = index > TraceLimits.MaxDepth;
        var descendantsCapped = Depth - 1 - index > TraceLimits.MaxDepth;

        Assert.Equal(code, Json(await Ok(client, batch, inspector)).Str("code"));
        // Its creation, and the split that made the next batch (all but the tip).
        Assert.Equal(index == Depth - 1 ? 1 : 2, Json(await Ok(client, $"{batch}/events", inspector)).GetArrayLength());
        await Ok(client, $"{batch}/documents", inspector);
        await Ok(client, $"{batch}/label.svg", null, "image/svg+xml");
        await Ok(client, $"{batch}/label.png", null, "image/png");

        await Walk(ancestryCapped, client, $"{batch}/trace", inspector, code);
        await Walk(ancestryCapped, client, $"{batch}/verification", null, code);
        await Walk(ancestryCapped, client, $"{batch}/verification/full", inspector, code);
        await Walk(ancestryCapped, client, $"{batch}/verification/full?market=JP", inspector, code);
        await Walk(ancestryCapped, client, $"{batch}/chain.svg", inspector, code, "image/svg+xml");
        await Walk(ancestryCapped, client, $"{batch}/dossier", inspector, code, "application/jose");
        await Walk(ancestryCapped, client, $"{batch}/dossier?format=html", inspector, code, "text/html");
        var document = $"{batch}/dossier/documents/{new string('0', 64)}";
        if (ancestryCapped) await Capped(client, document, inspector, code);
        else
        {
            using var unknown = await Send(client, document, inspector);
            Assert.Contains("document.unknown", (await unknown.ExpectProblem(HttpStatusCode.NotFound)).Rules());
        }
        await Walk(descendantsCapped, client, $"{batch}/descendants", inspector, code);

        var link = DigitalLinkPath(s, index);
        // The Digital Link redirects a JSON asker to the verification (which walks); its linkset walks nothing, so it always answers.
        await Walk(ancestryCapped, client, link, null, code, accept: "application/json");
        await Ok(client, link, null, DigitalLinkEndpoints.LinksetMediaType, DigitalLinkEndpoints.LinksetMediaType);
        await LabelPage(ancestryCapped, client, link, code);
        if (!ancestryCapped) Assert.Equal("verified", Json(await Ok(client, $"{batch}/verification", null)).Str("verdict"));
    }

    private static string DigitalLinkPath(Scenario s, int index) => $"01/{DeepChain.Gtin}/10/{DeepChain.Lot(s, index)}";

    /// <summary>The label page a browser gets on scanning: the verdict, or where a cap applies a readable page (not
    /// JSON, not a 500) saying the lot could not be checked and why.</summary>
    private async Task LabelPage(bool capped, HttpClient client, string link, string code)
    {
        if (!capped)
        {
            Assert.Contains("<h1>Verified</h1>", await Ok(client, $"{link}?lang=en", null, "text/html", "text/html"));
            return;
        }
        using var response = await Send(client, $"{link}?lang=en", null, "text/html");
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"GET {link}: {(int)response.StatusCode} {page}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>This lot cannot be checked</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"data-rule=\"{TooDeep}\"", page, StringComparison.Ordinal);
        Assert.Contains($"the ancestry of {code} is more than {TraceLimits.MaxDepth} levels deep", page, StringComparison.Ordinal);
    }

    /// <summary>A walk: the cap's 422 problem naming <paramref name="start"/> when <paramref name="capped"/>, else 200.</summary>
    private async Task Walk(bool capped, HttpClient client, string path, Party? by, string start, string mediaType = "application/json",
        string? accept = null)
    {
        if (capped) await Capped(client, path, by, start, accept);
        else await Ok(client, path, by, mediaType, accept);
    }

    private async Task Capped(HttpClient client, string path, Party? by, string start, string? accept = null)
    {
        using var response = await Send(client, path, by, accept);
        var problem = await response.ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"urn:nguon:rule:{TooDeep}", problem.Str("type"));
        Assert.Contains(TooDeep, problem.Rules());
        Assert.Contains(start, problem.Str("detail"));
    }

    /// <summary>Asserts 200 with <paramref name="mediaType"/>; returns the body.</summary>
    private async Task<string> Ok(HttpClient client, string path, Party? by, string mediaType = "application/json", string? accept = null)
    {
        using var response = await Send(client, path, by, accept);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    /// <summary>GET as <paramref name="by"/> (or anonymously), bounded in time; the body is read before it returns.</summary>
    private async Task<HttpResponseMessage> Send(HttpClient client, string path, Party? by, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (by is not null) request.Headers.Authorization = new("Bearer", by.Token);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        timings.Add((path, clock.Elapsed));
        Assert.True(clock.Elapsed < PerRequest, $"GET {path} took {clock.Elapsed.TotalSeconds:0.0} s (bound {PerRequest.TotalSeconds:0} s)");
        return response;
    }
}
