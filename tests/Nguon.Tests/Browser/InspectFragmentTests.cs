using System.Net;
using System.Text.RegularExpressions;
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

    /// <summary>The demo's lots claiming the lychee GI (other tests of this collection harvest more, as PS-LN26-H-I…/R…).</summary>
    public static readonly string[] DemoGiLots = ["HG-LN26-H-0003", "PH01-LN26-DOM-0001", "PH01-LN26-EXP-0001", "PH01-LN26-P-0001",
        "PS-LN26-H-0001", "QS-LN26-H-0002", "RTHN-LN26-RT-0001"];

    [Fact]
    public async Task The_search_lists_the_lots_of_a_filter_that_the_reader_may_read()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var query = $"gi={DemoData.LycheeGi}";
        var html = await Fragment($"api/inspect?{query}", inspector, HttpStatusCode.OK);
        var lots = Rows(html, "batch");
        Assert.Equal(DemoGiLots, lots.Where(c => !MadeByOtherTests(c)));
        Assert.Equal(await ApiCodes($"api/batches?{query}", inspector), lots); // the same query as the API
        Assert.Contains($"<a href=\"/inspect/batches/{DemoSiloFixture.ExportLot}\">{DemoSiloFixture.ExportLot}</a>", html,
            StringComparison.Ordinal);
        Assert.Matches("<p class=\"asof\">Listed from the read model as of <time datetime=\"[^\"]+\">", html);
        Assert.DoesNotContain("rel=\"next\"", html, StringComparison.Ordinal);
        // The form shows the filter again.
        Assert.Contains($"name=\"gi\" type=\"text\" value=\"{DemoData.LycheeGi}\"", html, StringComparison.Ordinal);

        // The importer's key lists only what was shipped to it; a producer's only what it held.
        var importer = await fixture.Demo.Demo(DemoSiloFixture.DemoImporter);
        Assert.Equal([DemoSiloFixture.ExportLot], Rows(await Fragment($"api/inspect?{query}", importer, HttpStatusCode.OK), "batch"));
        var producer = await fixture.Demo.Demo("htx-hg");
        var own = Rows(await Fragment($"api/inspect?{query}", producer, HttpStatusCode.OK), "batch");
        Assert.Equal(await ApiCodes($"api/batches?{query}", producer), own);
        Assert.Contains("HG-LN26-H-0003", own);
        Assert.DoesNotContain(DemoSiloFixture.ExportLot, own);
        await Silo.Client.Get($"api/inspect?{query}").ExpectUnauthorized();
    }

    [Theory]
    [InlineData("q=&gi=VN-GI-00017&season=&status=&step=", "")] // a form's empty fields are no filter
    [InlineData("gi=VN-GI-00017&status=active&farm=VNBG-LN-HG-001", "status=active&farm=VNBG-LN-HG-001")]
    [InlineData("gi=VN-GI-00017&step=shipping&from=2026-06-01&to=2026-08-01", "step=shipping&from=2026-06-01&to=2026-08-01")]
    [InlineData("gi=VN-GI-00017&destination=JP", "destination=JP")]
    [InlineData("gi=VN-GI-00017&q=PH01", "q=PH01")]
    [InlineData("gi=VN-GI-00017&gtin=08935000100011", "gtin=08935000100011")]
    public async Task Each_filter_answers_as_the_API_does(string query, string api)
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var lots = Rows(await Fragment($"api/inspect?{query}", inspector, HttpStatusCode.OK), "batch");
        Assert.Equal(await ApiCodes($"api/batches?gi={DemoData.LycheeGi}{(api.Length == 0 ? "" : "&" + api)}", inspector), lots);
        Assert.NotEmpty(lots);
    }

    [Theory]
    [InlineData("gi=VN-GI-00017&status=bogus", "input.status", "?status= is one of active, inTransit, consumed, recalled, not 'bogus'")]
    [InlineData("gi=VN-GI-00017&step=dancing", "input.step", "?step= is a business step")]
    [InlineData("from=2026-06-02&to=2026-06-01", "input.to", "?to= must be after ?from=")]
    [InlineData("gi=a%20b", "input.gi", "?gi= is an id")]
    [InlineData("gtin=12345678901234", "input.gtin", "?gtin= is a GTIN with a valid check digit")]
    [InlineData("colour=red", "input.colour", "?colour= is not a parameter of this request")]
    [InlineData("gi=VN-GI-00017&limit=0", "input.limit", "?limit= is a number from 1 to 500")]
    [InlineData("gi=VN-GI-00017&cursor=%25%25", "input.cursor", "?cursor= is not a cursor this server gave")]
    public async Task A_bad_filter_shows_the_problem_in_the_APIs_words_and_no_rows(string query, string rule, string said)
    {
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var html = await Fragment($"api/inspect?{query}", inspector, HttpStatusCode.BadRequest);
        var results = html[html.IndexOf("<section id=\"results\"", StringComparison.Ordinal)..];
        Assert.Contains("role=\"alert\"", results, StringComparison.Ordinal);
        Assert.Contains($"data-rule=\"{rule}\"", results, StringComparison.Ordinal);
        Assert.Contains(Nguon.Client.Html.Escape(said), results, StringComparison.Ordinal);
        Assert.Empty(Rows(html, "batch"));
        var problem = await Silo.Client.Get($"api/batches?{query}", inspector).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains(rule, problem.Rules());
    }

    [Fact]
    public async Task The_next_page_link_carries_the_filters_and_the_cursor()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var all = await ApiCodes($"api/batches?gi={DemoData.LycheeGi}", inspector);
        var seen = new List<string>();
        var path = $"/inspect?gi={DemoData.LycheeGi}&limit=3";
        for (var pages = 1; ; pages++)
        {
            var html = await Fragment("api" + path, inspector, HttpStatusCode.OK);
            var lots = Rows(html, "batch");
            Assert.InRange(lots.Count, 1, 3);
            seen.AddRange(lots);
            var next = Regex.Match(html, "<a rel=\"next\" href=\"([^\"]+)\">Next page</a>");
            if (!next.Success)
            {
                Assert.Equal((all.Length + 2) / 3, pages);
                break;
            }
            Assert.Equal(3, lots.Count);
            Assert.Contains("3 lots on this page", html, StringComparison.Ordinal);
            path = WebUtility.HtmlDecode(next.Groups[1].Value);
            Assert.StartsWith($"/inspect?gi={DemoData.LycheeGi}&limit=3&cursor=", path, StringComparison.Ordinal);
        }
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task Text_in_the_find_box_that_names_no_record_is_the_start_of_lots_codes_lots_or_products()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var lots = Rows(await Fragment("api/inspect?q=PH01", inspector, HttpStatusCode.OK), "batch");
        Assert.Equal(await ApiCodes("api/batches?q=PH01", inspector), lots);
        Assert.Contains(DemoSiloFixture.ExportLot, lots);
        Assert.All(lots, c => Assert.StartsWith("PH01", c, StringComparison.Ordinal));
        // The importer's key finds only its own lot under the same text.
        Assert.Equal([DemoSiloFixture.ExportLot],
            Rows(await Fragment("api/inspect?q=PH01", await fixture.Demo.Demo(DemoSiloFixture.DemoImporter), HttpStatusCode.OK), "batch"));
    }

    [Fact]
    public async Task The_farms_tab_lists_the_farms_a_filter_names_that_the_reader_may_read()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var html = await Fragment("api/inspect/farms", inspector, HttpStatusCode.OK);
        var farms = Rows(html, "farm");
        Assert.Equal(await ApiCodes("api/farms", inspector), farms); // every demo farm: the inspector reads them all
        Assert.Contains("VNBG-LNA-CL-001", farms);
        Assert.Contains("<a href=\"/inspect/farms/VNBG-LN-HG-001\">VNBG-LN-HG-001</a>", html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\">Farms</a>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"asof\">", html, StringComparison.Ordinal);

        foreach (var query in new[] { "commune=H%E1%BB%93ng%20Giang", $"gi={DemoData.CustardAppleGi}&authorised=true",
            $"gi={DemoData.LycheeGi}&authorised=false" })
            Assert.Equal(await ApiCodes($"api/farms?{query}", inspector),
                Rows(await Fragment($"api/inspect/farms?{query}", inspector, HttpStatusCode.OK), "farm"));
        Assert.Equal(["VNBG-LN-HG-001", "VNBG-LN-HG-002"],
            Rows(await Fragment("api/inspect/farms?commune=H%E1%BB%93ng%20Giang", inspector, HttpStatusCode.OK), "farm"));
        Assert.Equal(["VNBG-LNA-CL-001"],
            Rows(await Fragment($"api/inspect/farms?gi={DemoData.CustardAppleGi}&authorised=true", inspector, HttpStatusCode.OK), "farm"));

        // A producer's key lists its own farms only; pages follow with the cursor.
        var producer = await fixture.Demo.Demo("htx-hg");
        Assert.Equal(["VNBG-LN-HG-001", "VNBG-LN-HG-002"], Rows(await Fragment("api/inspect/farms", producer, HttpStatusCode.OK), "farm"));
        var first = await Fragment("api/inspect/farms?limit=1", producer, HttpStatusCode.OK);
        var next = WebUtility.HtmlDecode(Regex.Match(first, "<a rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("/inspect/farms?limit=1&cursor=", next, StringComparison.Ordinal);
        Assert.Equal(["VNBG-LN-HG-002"], Rows(await Fragment("api" + next, producer, HttpStatusCode.OK), "farm"));

        var bad = await Fragment("api/inspect/farms?authorised=maybe", inspector, HttpStatusCode.BadRequest);
        Assert.Contains("?authorised= is true or false, not &#39;maybe&#39;", bad, StringComparison.Ordinal);
        Assert.Empty(Rows(bad, "farm"));
    }

    /// <summary>A fragment's HTML, after checking its status and type.</summary>
    private async Task<string> Fragment(string path, Party by, HttpStatusCode status)
    {
        using var response = await Silo.Client.Get(path, by);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} instead of {(int)status}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    /// <summary>The codes of a result table's rows (<c>&lt;tr data-batch=…&gt;</c> or <c>data-farm</c>), in order.</summary>
    private static List<string> Rows(string html, string kind) =>
        [.. Regex.Matches(html, $"<tr data-{kind}=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private Task<string[]> ApiCodes(string path, Party by) => Silo.Client.ApiCodes(path, by);

    /// <summary>Lots other tests of this collection harvest under the lychee GI.</summary>
    private static bool MadeByOtherTests(string code) => code.StartsWith("PS-LN26-H-I", StringComparison.Ordinal)
        || code.StartsWith("PS-LN26-H-R", StringComparison.Ordinal);

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
