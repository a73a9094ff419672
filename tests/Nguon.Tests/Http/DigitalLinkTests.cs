using System.Net;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>What anyone holding a label sees, with no key: the public verification of a lot, and the GS1-Conformant
/// resolver behind the QR code's Digital Link — one test per conformance statement (GS1-Conformant resolver
/// standard 1.2): GET/HEAD/OPTIONS, CORS, 307 to the default link, linkType, the RFC 9264 linkset, the Link header,
/// /.well-known/gs1resolver, trailing slash, Accept-Language, query pass-through, 400 for invalid syntax.
/// The demo labels: the export lot carries GTIN 08935000100011 lot LN26EXP01, the retail lot GTIN 08935000100028 lot
/// LN26RT01 (both the packer's prefix 893500010), the counterfeit the trader's own GTIN 08935999010018 lot LN26FAKE1
/// (registered by the trader as Lục Ngạn lychee).</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DigitalLinkTests(DemoSiloFixture fixture)
{
    private const string Gi = "VN-GI-00017";
    private const string LucNganGtin = "08935000100011";
    private const string ExportLabel = $"01/{LucNganGtin}/10/LN26EXP01";
    private static readonly string FakeLabel = $"01/{Nguon.Client.Demo.DemoData.TraderLabel}/10/LN26FAKE1";
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

    /// <summary>A client that does not follow redirects, to see the resolver's own answer.</summary>
    private HttpClient Raw() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Client.BaseAddress };

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? accept = null,
        string? language = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return await client.SendAsync(request);
    }

    private static string Location(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.TemporaryRedirect, $"expected 307, got {(int)r.StatusCode}");
        return r.Headers.Location!.ToString();
    }

    [Fact]
    public async Task A_plain_request_is_a_307_to_the_default_link_the_label_page()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        foreach (var accept in new[] { null, "text/html", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" })
        {
            using var r = await Send(raw, HttpMethod.Get, ExportLabel, accept);
            Assert.Equal($"{Self}/label/{ExportLabel}", Location(r));
        }
        // Followed, the default link is the label page, judged against the GI the GTIN is sold as.
        using var page = await Client.GetAccepting(ExportLabel + "?lang=en", "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // Kept only with revalidation: a verdict may change at any moment (RevalidationTests).
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.NotNull(page.Headers.ETag);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-verdict=\"verified\"><h1>Verified</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Luc Ngan lychee, export grade", html, StringComparison.Ordinal); // the product master data
        Assert.Contains("ph-lucngan-01", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_machine_asking_for_JSON_is_sent_to_the_verification_service()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, ExportLabel, "application/json");
        Assert.Equal($"{Self}/api/batches/{DemoSiloFixture.ExportLot}/verification?claim={Gi}", Location(r));
        var v = await Client.GetAccepting(ExportLabel, "application/json").Expect(HttpStatusCode.OK); // followed
        Assert.Equal((DemoSiloFixture.ExportLot, "verified", Gi), (v.Str("batch"), v.Str("verdict"), v.Str("giNumber")));
        AssertNothingPrivate(v);
        var retail = await Client.GetAccepting(RetailLabel, "application/json").Expect(HttpStatusCode.OK);
        var direct = await Client.GetAsync($"api/batches/{DemoSiloFixture.RetailLot}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal(direct.Str("rootHash"), retail.Str("rootHash"));
    }

    [Fact]
    public async Task HEAD_answers_as_GET_does_without_a_body()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var get = await Send(raw, HttpMethod.Get, ExportLabel);
        using var head = await Send(raw, HttpMethod.Head, ExportLabel);
        Assert.Equal((get.StatusCode, get.Headers.Location), (head.StatusCode, head.Headers.Location));
        Assert.Equal(get.Headers.GetValues("Link"), head.Headers.GetValues("Link"));
        using var linkset = await Send(raw, HttpMethod.Head, ExportLabel + "?linkType=linkset");
        Assert.Equal(HttpStatusCode.OK, linkset.StatusCode);
        Assert.Equal(LinksetJson, linkset.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await linkset.Content.ReadAsByteArrayAsync());
        using var page = await Send(raw, HttpMethod.Head, $"label/{ExportLabel}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(await page.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task OPTIONS_says_which_methods_are_allowed_and_answers_a_CORS_preflight()
    {
        using var raw = Raw();
        var request = new HttpRequestMessage(HttpMethod.Options, ExportLabel);
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        using var r = await raw.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(["GET", "HEAD", "OPTIONS"], r.Content.Headers.Allow.Order());
        Assert.Equal("*", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", r.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answer_carries_CORS_headers_exposing_Link_and_Location()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        foreach (var path in new[] { ExportLabel, ExportLabel + "?linkType=linkset", $"01/{LucNganGtin}/10/NOSUCHLOT", "01/123", ".well-known/gs1resolver" })
        {
            using var r = await Send(raw, HttpMethod.Get, path, "application/json");
            Assert.Equal("*", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
            if (!path.StartsWith('.')) Assert.Contains("Link", r.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Answers_carry_a_Link_header_to_the_linkset()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, ExportLabel);
        Assert.Equal($"<{Self}/{ExportLabel}?linkType=linkset>; rel=\"linkset\"; type=\"{LinksetJson}\"", r.Headers.GetValues("Link").Single());
    }

    [Theory]
    [InlineData("?linkType=linkset", null)]
    [InlineData("?linkType=all", null)]
    [InlineData("", LinksetJson)]
    public async Task The_linkset_is_RFC_9264_with_every_level_up_to_the_primary_key(string query, string? accept)
    {
        await fixture.DemoDataLoaded();
        using var response = await Client.GetAccepting(ExportLabel + query, accept);
        var body = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(LinksetJson, response.Content.Headers.ContentType?.MediaType);
        var contexts = body.GetProperty("linkset").EnumerateArray().ToList();
        Assert.Equal([$"{Self}/{ExportLabel}", $"{Self}/01/{LucNganGtin}"], contexts.Select(c => c.Str("anchor")));
        var links = contexts.SelectMany(c => c.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(p => p.Value.EnumerateArray().Select(l => (Type: p.Name, Link: l)))).ToList();
        Assert.All(links, l =>
        {
            Assert.StartsWith("https://gs1.org/voc/", l.Type, StringComparison.Ordinal);
            Assert.StartsWith(Self + "/", l.Link.Str("href"), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(l.Link.Str("title")));
            Assert.False(string.IsNullOrEmpty(l.Link.Str("type")));
            Assert.NotEmpty(l.Link.GetProperty("hreflang").EnumerateArray());
        });
        Assert.Contains(links, l => l.Type == "https://gs1.org/voc/verificationService"
            && l.Link.Str("href") == $"{Self}/api/batches/{DemoSiloFixture.ExportLot}/verification?claim={Gi}");
        Assert.Contains(links, l => l.Type == "https://gs1.org/voc/certificationInfo" && l.Link.Str("href") == $"{Self}/api/certificates/{Gi}");
        Assert.Contains(links, l => l.Type == "https://gs1.org/voc/pip" && l.Link.Str("href") == $"{Self}/label/01/{LucNganGtin}?lang=ja");
        // Every link leads somewhere that answers, without a key except the trace.
        foreach (var href in links.Where(l => !l.Type.EndsWith("traceability", StringComparison.Ordinal)).Select(l => l.Link.Str("href")).Distinct())
            Assert.True((await Client.GetAsync(href)).IsSuccessStatusCode, href);
    }

    [Theory]
    [InlineData("gs1:verificationService", "/api/batches/PH01-LN26-EXP-0001/verification?claim=VN-GI-00017")]
    [InlineData("https://gs1.org/voc/certificationInfo", "/api/certificates/VN-GI-00017")]
    [InlineData("gs1:pip", "/label/01/08935000100011")] // a product-level link, reached from the lot
    [InlineData("gs1:masterData", "/api/products/08935000100011")]
    public async Task LinkType_redirects_to_that_link(string linkType, string target)
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, $"{ExportLabel}?linkType={Uri.EscapeDataString(linkType)}");
        Assert.StartsWith(Self + target, Location(r), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gs1:recipeInfo")]
    [InlineData("nonsense")]
    public async Task A_link_type_the_item_does_not_have_is_404(string linkType)
    {
        await fixture.DemoDataLoaded();
        var problem = await Client.GetAsync($"{ExportLabel}?linkType={Uri.EscapeDataString(linkType)}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("resolver.link-type", problem.Rules());
    }

    [Fact]
    public async Task The_query_string_is_passed_on_to_the_target()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, $"{ExportLabel}?17=271231&3103=000195");
        Assert.Equal($"{Self}/label/{ExportLabel}?17=271231&3103=000195", Location(r));
        using var typed = await Send(raw, HttpMethod.Get, $"{ExportLabel}?linkType=gs1:pip&17=271231");
        Assert.EndsWith("&17=271231", Location(typed), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja,en;q=0.5", "?lang=ja")]
    [InlineData("en-US", "?lang=en")]
    [InlineData("vi", "?lang=vi")]
    [InlineData("fr", "")]
    public async Task Accept_Language_chooses_among_the_links(string language, string suffix)
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, ExportLabel, "text/html", language);
        Assert.Equal($"{Self}/label/{ExportLabel}{suffix}", Location(r));
        using var pip = await Send(raw, HttpMethod.Get, $"{ExportLabel}?linkType=gs1:pip", null, language);
        Assert.Equal($"{Self}/label/01/{LucNganGtin}{(suffix.Length == 0 ? "?lang=vi" : suffix)}", Location(pip));
    }

    [Fact]
    public async Task The_resolver_describes_itself_at_well_known_gs1resolver()
    {
        var d = await Client.GetAsync(".well-known/gs1resolver").Expect(HttpStatusCode.OK);
        Assert.Equal(Self, d.Str("resolverRoot"));
        Assert.Equal(["01"], d.GetProperty("supportedPrimaryKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("https://gs1.org/voc/", d.GetProperty("supportedLinkType")[0].Str("namespace"));
        Assert.False(string.IsNullOrEmpty(d.Str("name")));
    }

    [Theory]
    [InlineData($"{ExportLabel}/")]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01/21/SN-77")] // a serial walks up to its lot
    [InlineData("01/8935000100011/10/LN26EXP01")] // GTIN-13: the same item without the leading zero
    [InlineData("gtin/08935000100011/lot/LN26EXP01")] // Digital Link short names
    public async Task Other_forms_of_the_export_label_resolve_to_the_same_lot(string path)
    {
        await fixture.DemoDataLoaded();
        var v = await Client.GetAccepting(path, "application/json").Expect(HttpStatusCode.OK);
        Assert.Equal((DemoSiloFixture.ExportLot, "verified", LucNganGtin), (v.Str("batch"), v.Str("verdict"), v.Str("gtin")));
    }

    [Fact]
    public async Task A_product_level_link_resolves_to_the_product_and_its_GI()
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, $"01/{LucNganGtin}", "text/html");
        Assert.Equal($"{Self}/label/01/{LucNganGtin}", Location(r));
        using var page = await Client.GetAccepting($"01/{LucNganGtin}?lang=en", "text/html");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Luc Ngan lychee, export grade</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"Luc Ngan lychee · {Gi}", html, StringComparison.Ordinal);
        var product = await Client.GetAccepting($"01/{LucNganGtin}", "application/json").Expect(HttpStatusCode.OK);
        Assert.Equal((LucNganGtin, Gi, "ph-lucngan-01"), (product.Str("gtin"), product.Str("giNumber"), product.Str("brandOwner")));
        var linkset = await Client.GetAccepting($"01/{LucNganGtin}", LinksetJson).Expect(HttpStatusCode.OK);
        Assert.Equal($"{Self}/01/{LucNganGtin}", Assert.Single(linkset.GetProperty("linkset").EnumerateArray()).Str("anchor"));
    }

    [Fact]
    public async Task The_counterfeit_page_names_its_GTINs_product_and_GI_and_why_the_lot_does_not_verify_for_it()
    {
        await fixture.DemoDataLoaded();
        using var fake = await Client.GetAccepting(FakeLabel + "?lang=en", "text/html");
        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        var page = await fake.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not verified</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"{Nguon.Client.Demo.DemoData.TraderLabel} is sold as Luc Ngan lychee ({Gi}); this lot does not verify for it:", page,
            StringComparison.Ordinal);
        Assert.Contains("data-rule=\"gi.outside-area\"", page, StringComparison.Ordinal);
        Assert.Contains("Luc Ngan lychee, grade 1", page, StringComparison.Ordinal);
        var v = await Client.GetAccepting(FakeLabel, "application/json").Expect(HttpStatusCode.OK);
        Assert.Equal(("notVerified", Gi), (v.Str("verdict"), v.Str("giNumber")));
    }

    [Fact]
    public async Task A_browser_asking_for_an_unknown_lot_of_a_real_GTIN_gets_a_404_page_naming_the_product()
    {
        await fixture.DemoDataLoaded();
        using var response = await Client.GetAccepting($"01/{LucNganGtin}/10/LN26FAKE1?lang=en", "text/html");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Lot not found</h1>", page, StringComparison.Ordinal);
        Assert.Contains("(10) LN26FAKE1", page, StringComparison.Ordinal);
        Assert.Contains($"GTIN {LucNganGtin} is Luc Ngan lychee, export grade (Luc Ngan lychee, {Gi}) of ph-lucngan-01, but no lot LN26FAKE1",
            page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01/08935000100012/10/LN26EXP01", "check digit")]
    [InlineData("01/08935000100019/10/LN26EXP01", "check digit")]
    [InlineData($"01/{LucNganGtin}/21/A0001/10/LN26EXP01", "/10/")]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01/22/x", "GS1's order")]
    [InlineData("01/0893500010001X/10/LN26EXP01", "may not contain 'X'")]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01?17=271331", "month 13")]
    [InlineData($"01/{LucNganGtin}/10/LN26EXP01?37=5", "may not be used with")]
    [InlineData($"01/{LucNganGtin}/10/ABCDEFGHIJKLMNOPQRSTU", "too long")]
    [InlineData("01/123", "too short")]
    [InlineData("00/106141412345678908/10/x", "takes no key qualifiers")]
    public async Task A_syntactically_invalid_Digital_Link_is_a_400_problem_saying_what_is_wrong(string path, string why)
    {
        var problem = await Client.GetAccepting(path, null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.digital-link", problem.Rules());
        Assert.Contains(why, problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01/08935000100011/10/LN26EXP01?17=271231&3103=000195")] // data attributes
    [InlineData("01/08935000100011/21/A0001")] // a serial without a lot
    [InlineData("01/08935000100011/22/V1")] // a consumer product variant
    [InlineData("01/08935000100011/235/TPX-1")]
    public async Task Valid_Digital_Links_that_were_refused_before_resolve(string path)
    {
        await fixture.DemoDataLoaded();
        using var raw = Raw();
        using var r = await Send(raw, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, r.StatusCode);
    }

    [Theory]
    [InlineData("00/106141412345678908")]
    [InlineData("414/9520123456788")]
    [InlineData("8004/95201234ABC")]
    public async Task Valid_links_of_other_primary_keys_are_404_not_400(string path)
    {
        var problem = await Client.GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("resolver.no-records", problem.Rules());
    }

    [Fact]
    public async Task Percent_encoding_is_decoded_once_so_an_encoded_percent_is_not_the_export_lot()
    {
        await fixture.DemoDataLoaded();
        var problem = await Client.GetAccepting($"01/{LucNganGtin}/10/LN26%2545XP01", "application/json").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("no lot LN26%45XP01 of GTIN", problem.Str("detail"), StringComparison.Ordinal);
        var v = await Client.GetAccepting($"01/{LucNganGtin}/10/LN26%45XP01", "application/json").Expect(HttpStatusCode.OK);
        Assert.Equal(DemoSiloFixture.ExportLot, v.Str("batch"));
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
        var product = await Client.GetAsync("01/08935000100035").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("product.unknown", product.Rules());
    }

    private static void AssertNothingPrivate(JsonElement verification)
    {
        var names = verification.PropertyNames().ToList();
        foreach (var name in Private)
            Assert.True(!names.Contains(name, StringComparer.OrdinalIgnoreCase), $"the public verification has a \"{name}\" field: {verification}");
    }
}
