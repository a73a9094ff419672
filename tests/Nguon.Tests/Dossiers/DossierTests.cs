using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Jose;
using Nguon.Client.Dossiers;
using Nguon.Tests.Cli;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Dossiers;

/// <summary>The signed dossier of the demo's export lot PH01-LN26-EXP-0001 (held by the Japanese importer), from the
/// demo silo process: a standard JWS that a JOSE library that is not ours verifies, checked offline by
/// `nguon dossier verify`, which fails on any changed byte of the dossier or of a document.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DossierTests(DemoSiloFixture fixture) : IDisposable
{
    private readonly TempFolder temp = new("nguon-dossier-");
    private string folder => temp.Path;
    private HttpClient Client => fixture.Client;
    private const string Lot = DemoSiloFixture.ExportLot;

    public void Dispose() => temp.Dispose();

    private async Task<(string Jws, string Jwks)> Fetch()
    {
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{Lot}/dossier");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", importer.Token);
        using var response = await Client.SendAsync(request);
        var jws = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, jws);
        Assert.Equal(DossierPayload.JoseMediaType, response.Content.Headers.ContentType?.MediaType);
        // The key set is public: no key needed.
        using var keys = await Client.GetAsync(".well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal("application/jwk-set+json", keys.Content.Headers.ContentType?.MediaType);
        return (jws, await keys.Content.ReadAsStringAsync());
    }

    private async Task<(string Dossier, string Jwks)> Files()
    {
        var (jws, jwks) = await Fetch();
        var dossier = Path.Combine(folder, "dossier.jws");
        var keys = Path.Combine(folder, "jwks.json");
        await File.WriteAllTextAsync(dossier, jws);
        await File.WriteAllTextAsync(keys, jwks);
        return (dossier, keys);
    }

    [Fact]
    public async Task The_dossier_verifies_with_a_JOSE_library_that_is_not_ours()
    {
        var (jws, jwks) = await Fetch();

        // jose-jwt reads the key set and checks the ES256 signature itself.
        var headers = JWT.Headers(jws);
        Assert.Equal("ES256", headers["alg"]);
        var set = JwkSet.FromJson(jwks, JWT.DefaultSettings.JsonMapper);
        var key = Assert.Single(set.Keys, k => k.KeyId == (string)headers["kid"]);
        var payload = JWT.Decode(jws, key, JwsAlgorithm.ES256);

        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        Assert.Equal("nguon-dossier/2", root.Str("format"));
        Assert.Equal(Lot, root.Str("batch"));
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var verification = await Client.Get($"api/batches/{Lot}/verification/full", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(verification.Str("rootHash"), root.Str("rootHash"));
        Assert.Equal("verified", root.GetProperty("verification").Str("verdict"));
        var market = root.GetProperty("verification").GetProperty("market");
        Assert.Equal("JP", market.Str("market"));
        Assert.True(market.GetProperty("passed").GetBoolean());
        // The whole backward chain, its GI certificate with the Japanese registration, and every document's hash.
        Assert.Equal(5, root.GetProperty("batches").GetArrayLength());
        Assert.Equal(3, root.GetProperty("farms").GetArrayLength());
        var registration = Assert.Single(root.GetProperty("certificates").EnumerateArray()).GetProperty("foreignRegistrations").EnumerateArray().Single();
        Assert.Equal("JP", registration.Str("country"));
        Assert.Equal(new[] { "fumigation-record", "phytosanitary-certificate", "residue-report" },
            root.GetProperty("documents").EnumerateArray().Select(d => d.Str("type")).Order());

        // A tampered token is refused by the same library.
        var tampered = jws[..^3] + (jws[^3] == 'A' ? 'B' : 'A') + jws[^2..];
        Assert.ThrowsAny<Exception>(() => JWT.Decode(tampered, key, JwsAlgorithm.ES256));
    }

    [Fact]
    public async Task An_untouched_dossier_verifies_offline_and_any_changed_byte_fails()
    {
        var (dossierFile, keysFile) = await Files();
        var jws = await File.ReadAllTextAsync(dossierFile);
        var keys = JsonWebKeySet.Parse(await File.ReadAllTextAsync(keysFile));

        // Offline: a server that is not there is named, and nothing but the two files is read.
        var ok = (await NguonTool.RunInProcess("--server", "http://127.0.0.1:1", "dossier", "verify", dossierFile, "--jwks", keysFile)).Ok();
        Assert.StartsWith($"dossier {Lot} VALID: signed by key ", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("JP import rules passed", ok.Stdout, StringComparison.Ordinal);

        // Every single byte of the dossier, changed, breaks it.
        for (var i = 0; i < jws.Length; i++)
        {
            var altered = jws[..i] + (jws[i] == 'A' ? 'B' : 'A') + jws[(i + 1)..];
            Assert.Throws<JwsException>(() => DossierVerifier.Verify(altered, keys));
        }
        // …and the command says so in one line with exit code 1, for a change in the header, payload and signature.
        var dots = new[] { 5, jws.IndexOf('.') + 20, jws.LastIndexOf('.') + 5 };
        foreach (var i in dots)
        {
            var altered = Path.Combine(folder, $"altered-{i}.jws");
            await File.WriteAllTextAsync(altered, jws[..i] + (jws[i] == 'x' ? 'y' : 'x') + jws[(i + 1)..]);
            var run = await NguonTool.RunInProcess("dossier", "verify", altered, "--jwks", keysFile);
            Assert.Equal(1, run.ExitCode);
            Assert.Empty(run.Stdout);
            Assert.Matches("^nguon: dossier NOT VALID: [^\n]+\n$", run.Stderr);
        }
    }

    [Fact]
    public async Task Given_its_documents_a_dossier_verifies_and_a_changed_or_missing_document_fails()
    {
        var (dossierFile, keysFile) = await Files();
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        var documents = Path.Combine(folder, "documents");
        // The importer downloads every document the dossier lists, including those of the parent lot it cannot read.
        (await NguonTool.RunInProcess("--server", fixture.Silo.Client.BaseAddress!.ToString(), "--key", importer.Token,
            "dossier", "get", Lot, "--output", Path.Combine(folder, "again.jws"), "--documents", documents)).Ok();
        var files = Directory.GetFiles(documents).Order().ToList();
        Assert.Equal(3, files.Count);

        var ok = (await NguonTool.RunInProcess("dossier", "verify", dossierFile, "--jwks", keysFile, "--documents", documents)).Ok();
        Assert.Contains("3 documents checked against their hashes", ok.Stdout, StringComparison.Ordinal);

        foreach (var file in files)
        {
            var original = await File.ReadAllBytesAsync(file);
            var altered = (byte[])original.Clone();
            altered[altered.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(file, altered);
            var run = await NguonTool.RunInProcess("dossier", "verify", dossierFile, "--jwks", keysFile, "--documents", documents);
            Assert.Equal(1, run.ExitCode);
            Assert.Matches($"^nguon: dossier NOT VALID: document .*{Path.GetFileName(file)} does not match the dossier[^\n]*\n$", run.Stderr);
            await File.WriteAllBytesAsync(file, original);
        }

        File.Delete(files[0]);
        var missing = await NguonTool.RunInProcess("dossier", "verify", dossierFile, "--jwks", keysFile, "--documents", documents);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("is not in", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readable_dossier_has_labels_in_English_Japanese_and_Vietnamese()
    {
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{Lot}/dossier");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", importer.Token);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var label in new[] { "Export dossier", "輸出書類一式", "Hồ sơ xuất khẩu", "Growing areas", "生産園地", "Vùng trồng" })
            Assert.Contains(label, html, StringComparison.Ordinal);
        Assert.Contains("VNBG-LN-PS-001", html, StringComparison.Ordinal);
        Assert.Contains("JP GI-104", html, StringComparison.Ordinal);
        Assert.Contains("market.treatment", html, StringComparison.Ordinal);
        Assert.Contains("PC-2026-BG-00871.pdf", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_parties_who_may_read_the_lot_get_its_dossier_and_documents()
    {
        var retailer = await fixture.Demo(DemoSiloFixture.DemoRetailer);
        await Client.Get($"api/batches/{Lot}/dossier", retailer).Expect(HttpStatusCode.Forbidden);
        await Client.Get($"api/batches/{Lot}/dossier").Expect(HttpStatusCode.Unauthorized);

        var (jws, _) = await Fetch();
        var fumigation = DossierVerifier.ReadUnverified(jws).Documents.Single(d => d.Type == "fumigation-record");
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        // Attached to the parent lot: the importer may not read it there, but may through the lot's dossier.
        await Client.Get($"api/batches/{fumigation.SubjectId}/documents/{fumigation.Sha256}", importer).Expect(HttpStatusCode.Forbidden);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{Lot}/dossier/documents/{fumigation.Sha256}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", importer.Token);
        using var download = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        await Client.Get($"api/batches/{Lot}/dossier/documents/{fumigation.Sha256}", retailer).Expect(HttpStatusCode.Forbidden);
        await Client.Get($"api/batches/{Lot}/dossier/documents/{new string('0', 64)}", importer).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_market_is_refused_and_another_market_can_be_asked_for()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var refused = await Client.Get($"api/batches/{Lot}/dossier?market=ZZ", inspector).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:nguon:rule:market.unknown", refused.Str("type"));
        // The domestic lot is bound for nobody abroad: no market check unless one is asked for.
        var domestic = await Client.Get("api/batches/PH01-LN26-DOM-0001/verification/full", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, domestic.GetProperty("market").ValueKind);
        var asked = await Client.Get("api/batches/PH01-LN26-DOM-0001/verification/full?market=JP", inspector).Expect(HttpStatusCode.OK);
        var market = asked.GetProperty("market");
        Assert.False(market.GetProperty("passed").GetBoolean());
        Assert.Contains(market.GetProperty("rules").EnumerateArray(), r => r.Str("rule") == "market.document.phytosanitary-certificate" && !r.GetProperty("passed").GetBoolean());
    }
}
