using System.Net;
using System.Text.RegularExpressions;
using Nguon.Client.Demo;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>The GI season page's fragment over plain HTTP: the demo season's ledger as the API computes it (the balance
/// by stage adding up, exports, communes, farm lines, three inline SVG charts), a producer's own farm lines only, and the
/// API's refusals (403, 404, 400) as the other fragments give them. Reads the browser collection's demo silo.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectSeasonFragmentTests(BrowserFixture fixture)
{
    private const string Path = $"api/inspect/gi/{DemoData.LycheeGi}/seasons/2026";

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task An_inspector_reads_the_demo_season_with_its_balance_and_charts()
    {
        await fixture.Demo.DemoDataLoaded();
        await Silo.Client.Get(Path).ExpectUnauthorized();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        using var response = await Silo.Client.Get(Path, inspector);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("1,500", Stage(html, "exported"));
        Assert.Equal("900", Stage(html, "domestic market"));
        Assert.Equal("200", Stage(html, "unpacked"));
        Assert.Equal("0", Stage(html, "unaccounted"));
        Assert.Contains("the season adds up", html, StringComparison.Ordinal);
        Assert.Contains("data-adds-up=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-country=\"JP\"><td>JP</td><td class=\"num\">1,500</td>", html, StringComparison.Ordinal);
        foreach (var chart in new[] { "chart-balance", "chart-weeks", "chart-communes" })
            Assert.Matches($"<svg class=\"chart\" id=\"{chart}\" viewBox=\"0 0 360 \\d+\" width=\"100%\"", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal); // the page's CSP would refuse it
        Assert.Contains("<section class=\"alerts\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/inspect/farms/VNBG-LN-HG-001\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(inspector.Token, html, StringComparison.Ordinal);

        // The certificate's page links here.
        var certificate = await (await Silo.Client.Get($"api/inspect/certificates/{DemoData.LycheeGi}", inspector))
            .Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/inspect/gi/{DemoData.LycheeGi}/seasons/{DateTimeOffset.UtcNow.Year}\"", certificate,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_producer_sees_the_totals_and_only_its_own_farm_lines()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await (await Silo.Client.Get(Path, await fixture.Demo.Demo(DemoSiloFixture.DemoInspector)))
            .Content.ReadAsStringAsync();
        using var response = await Silo.Client.Get(Path, await fixture.Demo.Demo("htx-ps"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(Stage(inspector, "harvested"), Stage(html, "harvested"));
        var farms = Farms(html);
        Assert.NotEmpty(farms);
        Assert.All(farms, f => Assert.StartsWith("VNBG-LN-PS-", f, StringComparison.Ordinal));
        Assert.Contains("VNBG-LN-HG-001", Farms(inspector));
        Assert.Contains("Your farms", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"alerts\"", html, StringComparison.Ordinal); // alerts are for the authority and inspectors
    }

    [Fact]
    public async Task Refusals_are_the_apis()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var importer = await fixture.Demo.Demo(DemoSiloFixture.DemoImporter);
        await Silo.Client.Get($"api/gi/{DemoData.LycheeGi}/seasons/2026", importer).ExpectForbidden();
        using (var response = await Silo.Client.Get(Path, importer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-rule=\"auth.forbidden\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("kg", html, StringComparison.Ordinal);
        }
        await Silo.Client.Get("api/inspect/gi/VN-GI-99999/seasons/2026", inspector)
            .ExpectStatus(HttpStatusCode.NotFound, "gi.certificate-unknown");
        await Silo.Client.Get($"api/inspect/gi/{DemoData.LycheeGi}/seasons/26", inspector)
            .ExpectStatus(HttpStatusCode.BadRequest, "input.season");
        await Silo.Client.Get($"api/inspect/gi/{DemoData.LycheeGi}/seasons/bad%20season", inspector)
            .ExpectProblem(HttpStatusCode.BadRequest);
        using var page = await Silo.Client.GetAsync($"inspect/gi/{DemoData.LycheeGi}/seasons/2026");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("kg", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Stage(string html, string stage) =>
        Regex.Match(html, $"<tr data-stage=\"{stage}\"[^>]*><t[dh]>{stage}</t[dh]><t[dh] class=\"num\">([^<]*)<").Groups[1].Value;

    private static string[] Farms(string html) =>
        [.. Regex.Matches(html, "<tr data-farm=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
}
