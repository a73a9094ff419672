using System.Net;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>What anyone holding a label sees, with no key: the public verification of a lot, and GS1 Digital Link
/// resolution of the QR code's URI (/01/{GTIN}/10/{lot}[/21/{serial}]) with content negotiation. The demo labels:
/// the export lot carries GTIN 08935000100011 lot LN26EXP01, the counterfeit the same GTIN with lot LN26FAKE1,
/// the retail lot GTIN 08935000100028 lot LN26RT01.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DigitalLinkTests(DemoSiloFixture fixture)
{
    private const string Gi = "VN-GI-00017";
    private const string LucNganGtin = "08935000100011";
    private const string ExportLabel = $"01/{LucNganGtin}/10/LN26EXP01";
    private const string FakeLabel = $"01/{LucNganGtin}/10/LN26FAKE1";
    private const string RetailLabel = "01/08935000100028/10/LN26RT01";
    private const string LinksetJson = "application/linkset+json";

    private HttpClient Client => fixture.Client;
    private string Self => Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

    /// <summary>Names that would reveal another party's quantities or documents.</summary>
    private static readonly string[] Private = ["quantity", "amount", "remaining", "documents", "sha256", "custodian", "events", "actor", "sensors"];

    [Fact]
    public async Task Public_verification_needs_no_key_and_shows_origin_and_verdict_but_no_quantities_or_documents()
    {
        await fixture.DemoDataLoaded();
        using var response = await Client.GetAsync($"api/batches/{DemoSiloFixture.ExportLot}/verification");
        var v = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        Assert.Equal(DemoSiloFixture.ExportLot, v.Str("batch"));
        Assert.Equal("lychee", v.Str("product"));
        Assert.Equal(Gi, v.Str("giNumber"));
        Assert.Equal("Luc Ngan lychee", v.GetProperty("giName").Str("en"));
        Assert.Equal("Vải thiều Lục Ngạn", v.GetProperty("giName").Str("vi"));
        Assert.Equal(LucNganGtin, v.Str("gtin"));
        Assert.Equal("LN26EXP01", v.Str("lot"));
        var producers = v.GetProperty("producers").EnumerateArray().ToList();
        Assert.Equal(new[] { "Hồng Giang", "Phượng Sơn", "Quý Sơn" }, producers.Select(p => p.Str("commune")).Order(StringComparer.Ordinal));
        Assert.All(producers, p =>
        {
            Assert.Equal("Lục Ngạn", p.Str("district"));
            Assert.Equal("Bắc Giang", p.Str("province"));
            Assert.StartsWith("Vườn vải ", p.Str("name"), StringComparison.Ordinal);
        });
        Assert.Equal(new[] { "2026-06-10" }, v.GetProperty("harvestDates").EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal("verified", v.Str("verdict"));
        Assert.Empty(v.GetProperty("reasons").EnumerateArray());
        Assert.Matches("^[0-9a-f]{64}$", v.Str("rootHash"));

        AssertNothingPrivate(v);
        // The phytosanitary certificate recorded on the lot by the inspector stays with those who may read the lot…
        var events = await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/events", await fixture.Demo(DemoSiloFixture.DemoInspector)).Expect(HttpStatusCode.OK);
        var certificate = events.EnumerateArray().SelectMany(e => e.GetProperty("documents").EnumerateArray())
            .Single(d => d.Str("name") == "PC-2026-BG-00871.pdf");
        Assert.DoesNotContain("PC-2026-BG-00871", v.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(certificate.Str("sha256"), v.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_label_resolves_to_JSON_by_default_with_its_verdict()
    {
        await fixture.DemoDataLoaded();
        foreach (var accept in new[] { null, "application/json", "*/*" })
        {
            using var response = await Client.GetAccepting(ExportLabel, accept);
            var v = await response.Expect(HttpStatusCode.OK);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(DemoSiloFixture.ExportLot, v.Str("batch"));
            Assert.Equal("verified", v.Str("verdict"));
            Assert.Equal(Gi, v.Str("giNumber"));
            AssertNothingPrivate(v);
        }

        var fake = await Client.GetAccepting(FakeLabel, null).Expect(HttpStatusCode.OK);
        Assert.Equal(DemoSiloFixture.LastDemoBatch, fake.Str("batch"));
        Assert.Equal("notVerified", fake.Str("verdict"));
        Assert.Contains("gi.no-claim", fake.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")));

        var retail = await Client.GetAccepting(RetailLabel, null).Expect(HttpStatusCode.OK);
        Assert.Equal(DemoSiloFixture.RetailLot, retail.Str("batch"));
        Assert.Equal("verified", retail.Str("verdict"));
        // The label resolves to the same verification as the batch itself.
        var direct = await Client.GetAsync($"api/batches/{DemoSiloFixture.RetailLot}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal(direct.Str("rootHash"), retail.Str("rootHash"));
    }

    [Fact]
    public async Task Asking_for_a_linkset_gives_one_anchored_at_the_Digital_Link_with_a_link_to_the_verification()
    {
        await fixture.DemoDataLoaded();
        using var response = await Client.GetAccepting(ExportLabel, LinksetJson);
        var body = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(LinksetJson, response.Content.Headers.ContentType?.MediaType);

        var set = Assert.Single(body.GetProperty("linkset").EnumerateArray());
        Assert.Equal($"{Self}/{ExportLabel}", set.Str("anchor"));
        var verification = $"{Self}/api/batches/{DemoSiloFixture.ExportLot}/verification";
        var hrefs = set.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(p => p.Value.EnumerateArray().Select(l => (Relation: p.Name, Href: l.Str("href")))).ToList();
        Assert.Contains(("https://gs1.org/voc/verificationService", verification), hrefs);
        Assert.All(hrefs, l => Assert.StartsWith(Self + "/", l.Href, StringComparison.Ordinal));

        // The link leads to the verification, which needs no key.
        var v = await Client.GetAsync(new Uri(verification).PathAndQuery.TrimStart('/')).Expect(HttpStatusCode.OK);
        Assert.Equal("verified", v.Str("verdict"));

        // With a serial the anchor is the serialised item's URI, and it still resolves the lot.
        var serialised = await Client.GetAccepting($"{ExportLabel}/21/A0001", LinksetJson).Expect(HttpStatusCode.OK);
        var anchored = Assert.Single(serialised.GetProperty("linkset").EnumerateArray());
        Assert.Equal($"{Self}/{ExportLabel}/21/A0001", anchored.Str("anchor"));
        Assert.Contains(anchored.GetProperty("https://gs1.org/voc/verificationService").EnumerateArray(), l => l.Str("href") == verification);
    }

    [Fact]
    public async Task A_browser_gets_the_label_page_naming_the_verdict()
    {
        await fixture.DemoDataLoaded();
        foreach (var accept in new[] { "text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" })
        {
            using var response = await Client.GetAccepting(ExportLabel + "?lang=en", accept);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-verdict=\"verified\"><h1>Verified</h1>", page, StringComparison.Ordinal);
            Assert.Contains("Phượng Sơn", page, StringComparison.Ordinal);
            Assert.Contains(Gi, page, StringComparison.Ordinal);
        }

        using var fake = await Client.GetAccepting(FakeLabel + "?lang=en", "text/html");
        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        Assert.Equal("text/html", fake.Content.Headers.ContentType?.MediaType);
        var fakePage = await fake.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not verified</h1>", fakePage, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1>Verified</h1>", fakePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_asking_for_an_unknown_label_gets_a_friendly_404_page()
    {
        await fixture.DemoDataLoaded();
        using var response = await Client.GetAccepting($"01/{LucNganGtin}/10/NOSUCHLOT?lang=en", "text/html");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Lot not found</h1>", page, StringComparison.Ordinal);
        Assert.Contains("(10) NOSUCHLOT", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01/21/SN-77")]
    [InlineData("01/8935000100011/10/LN26EXP01")] // GTIN-13: the same item without the leading zero
    [InlineData("01/8935000100011/10/LN26EXP01/21/1")]
    public async Task Other_forms_of_the_export_label_resolve_the_same_lot(string path)
    {
        await fixture.DemoDataLoaded();
        var v = await Client.GetAccepting(path, null).Expect(HttpStatusCode.OK);
        Assert.Equal(DemoSiloFixture.ExportLot, v.Str("batch"));
        Assert.Equal("verified", v.Str("verdict"));
        Assert.Equal(LucNganGtin, v.Str("gtin"));
    }

    [Theory]
    [InlineData("01/08935000100012/10/LN26EXP01", "wrong check digit")]
    [InlineData("01/08935000100019/10/LN26EXP01", "wrong check digit")]
    [InlineData($"01/{LucNganGtin}/21/A0001/10/LN26EXP01", "serial before lot")]
    [InlineData($"01/{LucNganGtin}/21/A0001", "serial without lot")]
    [InlineData($"01/{LucNganGtin}", "no lot")]
    [InlineData("01/0893500010001X/10/LN26EXP01", "not digits")]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01/22/x", "unknown qualifier")]
    public async Task A_malformed_Digital_Link_is_a_400_problem(string path, string why)
    {
        var problem = await Client.GetAccepting(path, null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.Rules().Contains("input.digital-link"), $"{why}: {problem}");
    }

    [Fact]
    public async Task The_problem_says_what_is_wrong_with_a_Digital_Link()
    {
        var checkDigit = await Client.GetAccepting("01/08935000100012/10/LN26EXP01", null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("check digit", checkDigit.Str("detail"), StringComparison.Ordinal);
        var order = await Client.GetAccepting($"01/{LucNganGtin}/21/A0001/10/LN26EXP01", null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("/10/", order.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"01/{LucNganGtin}/10/NOSUCHLOT")]
    [InlineData("01/08935000100035/10/LN26EXP01")] // a valid GTIN no lot of which is registered
    public async Task An_unknown_label_is_a_404_problem(string path)
    {
        await fixture.DemoDataLoaded();
        foreach (var accept in new[] { null, LinksetJson, "application/json" })
        {
            var problem = await Client.GetAccepting(path, accept).ExpectProblem(HttpStatusCode.NotFound);
            Assert.Contains("label.unknown", problem.Rules());
        }
    }

    private static void AssertNothingPrivate(JsonElement verification)
    {
        var names = verification.PropertyNames().ToList();
        foreach (var name in Private)
            Assert.True(!names.Contains(name, StringComparer.OrdinalIgnoreCase), $"the public verification has a \"{name}\" field: {verification}");
    }
}
