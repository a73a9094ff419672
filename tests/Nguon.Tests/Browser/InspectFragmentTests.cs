using System.Net;
using Nguon.Client.Demo;
using Nguon.Silo.Api;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>The inspectors' pages over plain HTTP: the frame holds no data and allows only the silo's own script and
/// styles; each fragment is the API's answer for the key's organisation (401 without a key, 403 for a reader the
/// grains refuse, with the refusal audited like the API's), and the find box answers 303 to the page an exact code
/// names. Runs against the browser collection's silo (the fragments read its demo chain; nothing here writes).</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectFragmentTests(BrowserFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Every_page_is_the_same_frame_with_no_data_and_a_strict_policy()
    {
        string? first = null;
        foreach (var path in new[] { "inspect", $"inspect/batches/{DemoSiloFixture.ExportLot}", "inspect/farms/VNBG-LN-HG-001",
            $"inspect/certificates/{DemoData.LycheeGi}", "inspect?q=anything" })
        {
            using var response = await Silo.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            foreach (var directive in new[] { "default-src 'none'", "script-src 'self'", "connect-src 'self'", "form-action 'self'",
                "frame-ancestors 'none'", "base-uri 'none'" })
                Assert.Contains(directive, policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            first ??= html;
            Assert.Equal(first, html);
        }
        Assert.DoesNotContain(DemoSiloFixture.ExportLot, first!, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", first, StringComparison.Ordinal);
        Assert.Matches("<input id=\"key\" type=\"password\"(?![^>]*name=)", first);

        // Its script and stylesheet come from the silo, cached for good under their content-hashed URLs.
        var assets = System.Text.RegularExpressions.Regex.Matches(first!, "(?:src|href)=\"(/assets/[^\"]+)\"")
            .Select(m => m.Groups[1].Value);
        foreach (var asset in assets)
        {
            using var response = await Silo.Client.GetAsync(asset.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.Public, asset);
            Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
            Assert.Contains(cache.Extensions, e => e.Name == "immutable");
        }
        await Silo.Client.GetAsync("inspect/batches/bad%20code").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_lot_fragment_is_the_readers_answer()
    {
        await fixture.Demo.DemoDataLoaded();
        var path = $"api/inspect/batches/{DemoSiloFixture.RetailLot}";
        await Silo.Client.Get(path).ExpectUnauthorized();

        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        using (var response = await Silo.Client.Get(path, inspector))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-verdict=\"verified\"", html, StringComparison.Ordinal);
            Assert.Contains("<form id=\"recall\"", html, StringComparison.Ordinal);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
            Assert.Contains($"/api/batches/{DemoSiloFixture.RetailLot}/dossier/documents/", html, StringComparison.Ordinal);
            Assert.DoesNotContain(inspector.Token, html, StringComparison.Ordinal);
        }

        // The packer holds the packed lot: it reads the page, without the recall form (only inspectors and the authority recall).
        var packer = await fixture.Demo.Demo(DemoData.Packer);
        using (var response = await Silo.Client.Get("api/inspect/batches/PH01-LN26-P-0001", packer))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-verdict=\"verified\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"recall\"", html, StringComparison.Ordinal);
        }

        // The importer may not read the retail lot: 403 as from the API, the grain's own words, and no data.
        var importer = await fixture.Demo.Demo(DemoSiloFixture.DemoImporter);
        await Silo.Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/trace", importer).ExpectForbidden();
        using (var response = await Silo.Client.Get(path, importer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-rule=\"auth.forbidden\"", html, StringComparison.Ordinal);
            Assert.Contains($"{DemoSiloFixture.DemoImporter} may not read the record of {DemoSiloFixture.RetailLot}", html,
                StringComparison.Ordinal);
            Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
            Assert.DoesNotContain("kg", html, StringComparison.Ordinal);
        }
        // … and the refusal is in the importer's audit trail, as an API refusal is.
        var day = AuditTrail.Day(DateTimeOffset.UtcNow);
        var audit = await Silo.Client.Get($"api/organisations/{DemoSiloFixture.DemoImporter}/audit?day={day}", importer)
            .Expect(HttpStatusCode.OK);
        Assert.Contains(audit.EnumerateArray(), e => e.Str("path") == "/" + path && e.GetProperty("status").GetInt32() == 403);

        await Silo.Client.Get("api/inspect/batches/NO-SUCH-LOT", inspector).ExpectStatus(HttpStatusCode.NotFound, "batch.unknown");
        await Silo.Client.Get("api/inspect/batches/bad%20code", inspector).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_farm_fragment_shows_a_season_asked_for_and_refuses_other_readers()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        using (var response = await Silo.Client.Get("api/inspect/farms/VNBG-LN-HG-001?season=2026", inspector))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-batch=\"HG-LN26-H-0003\"", html, StringComparison.Ordinal);
            Assert.Contains($"data-batch=\"{DemoSiloFixture.RetailLot}\"", html, StringComparison.Ordinal);
        }
        using (var response = await Silo.Client.Get("api/inspect/farms/VNBG-LN-HG-001?season=2019", inspector))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("No lot came from VNBG-LN-HG-001 in season 2019", await response.Content.ReadAsStringAsync(),
                StringComparison.Ordinal);
        }
        await Silo.Client.Get("api/inspect/farms/VNBG-LN-HG-001?season=20%2026", inspector)
            .ExpectStatus(HttpStatusCode.BadRequest, "input.id");
        await Silo.Client.Get("api/inspect/farms/NO-SUCH-FARM", inspector).ExpectStatus(HttpStatusCode.NotFound, "farm.unknown");
        // Another producer's key may not read the farm.
        await Silo.Client.Get("api/inspect/farms/VNBG-LN-HG-001", await fixture.Demo.Demo("htx-ps"))
            .ExpectStatus(HttpStatusCode.Forbidden, "auth.forbidden");
        await Silo.Client.Get($"api/inspect/certificates/{DemoData.LycheeGi}", inspector).ExpectStatus(HttpStatusCode.OK, null);
        await Silo.Client.Get("api/inspect/certificates/VN-GI-99999", inspector)
            .ExpectStatus(HttpStatusCode.NotFound, "certificate.unknown");
    }

    [Theory]
    [InlineData("PH01-LN26-EXP-0001", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("  PH01-LN26-EXP-0001 ", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("(01)08935000100011(10)LN26EXP01", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("]C1010893500010001110LN26EXP01", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("http://shop.example/01/08935000100011/10/LN26EXP01", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("https://id.example/label/01/8935000100011/10/LN26EXP01?lang=en", "/api/inspect/batches/PH01-LN26-EXP-0001")]
    [InlineData("VNBG-LN-HG-001", "/api/inspect/farms/VNBG-LN-HG-001")]
    [InlineData("VN-GI-00017", "/api/inspect/certificates/VN-GI-00017")]
    public async Task The_find_box_goes_to_the_page_an_exact_code_names(string query, string location)
    {
        await fixture.Demo.DemoDataLoaded();
        using var client = NoRedirects();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        using var response = await client.Get($"api/inspect?q={Uri.EscapeDataString(query)}", inspector);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("NO-SUCH-CODE-42", 404, "No batch, farm or GI certificate is registered as NO-SUCH-CODE-42.")]
    [InlineData("(01)08935000100011(10)LN26NOPE9", 404, "No lot carries the label (01) 08935000100011 (10) LN26NOPE9.")]
    [InlineData("(01)08935000100012(10)LN26EXP01", 400, "check digit")]
    [InlineData("(01)08935000100011", 400, "a GTIN alone names a product, not a lot")]
    [InlineData("not a code", 400, "is not a batch code")]
    [InlineData("https://id.example/about", 400, "holds no GTIN")]
    public async Task The_find_box_says_when_nothing_answers(string query, int status, string said)
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        using var response = await Silo.Client.Get($"api/inspect?q={Uri.EscapeDataString(query)}", inspector);
        Assert.Equal(status, (int)response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<section id=\"results\"", html, StringComparison.Ordinal);
        Assert.Contains(Nguon.Client.Html.Escape(said), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_find_box_refuses_an_overlong_query()
    {
        using var response = await Silo.Client.Get($"api/inspect?q={new string('A', 600)}", await fixture.Demo.Inspector());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 512 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient NoRedirects() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Silo.Client.BaseAddress };
}

internal static class FragmentAssertions
{
    /// <summary>A fragment answered <paramref name="status"/>, as HTML, naming <paramref name="rule"/> when given.</summary>
    public static async Task ExpectStatus(this Task<HttpResponseMessage> sent, HttpStatusCode status, string? rule)
    {
        using var response = await sent;
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} instead of {(int)status}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        if (rule is not null) Assert.Contains($"data-rule=\"{rule}\"", html, StringComparison.Ordinal);
    }
}
