using System.Net;
using Microsoft.Playwright;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>The inspectors' chain view (drawn on a lot's inspector page, fetched with the key kept in sessionStorage;
/// also /api/batches/{code}/chain.svg) and the printable label's SVG, both in the real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChainViewAndLabelTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_inspector_sees_the_chain_as_a_picture_with_quantities_on_the_edges()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        await using var context = await fixture.Context(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await InspectBrowser.SignIn(page, inspector.Token);
        await InspectBrowser.Open(page, $"/inspect/batches/{DemoSiloFixture.RetailLot}");

        var chain = page.Locator("#chain svg");
        Assert.Equal(6, await chain.Locator("g.n.batch").CountAsync()); // three harvests, packed, domestic, retail
        Assert.Equal(3, await chain.Locator("g.n.farm").CountAsync());
        Assert.Equal(1, await chain.Locator("g.n.certificate").CountAsync());
        Assert.Equal(0, await chain.Locator("g.failing").CountAsync());
        var edges = await chain.Locator("text.q").AllTextContentsAsync();
        foreach (var quantity in new[] { "400 kg", "900 kg", "50 kg", "harvest 1200 kg" }) Assert.Contains(quantity, edges);
        Assert.Contains("verified", await chain.Locator("title").First.TextContentAsync() ?? "", StringComparison.OrdinalIgnoreCase);
        // The key stays in this tab's sessionStorage, and went only to the silo.
        Assert.Equal(inspector.Token, await page.EvaluateAsync<string>("sessionStorage.getItem('nguon-key')"));
        Assert.All(requests, r => Assert.StartsWith(fixture.BaseUrl + "/", r, StringComparison.Ordinal));
        await BrowserFixture.Screenshot(page, "chain-verified");

        // The counterfeit: its relabelled lot is drawn as failing, the reasons under the picture.
        await InspectBrowser.Open(page, $"/inspect/batches/{DemoSiloFixture.LastDemoBatch}");
        await page.Locator($"#chain svg g.failing[data-id='batch:{DemoSiloFixture.LastDemoBatch}']").WaitForAsync();
        Assert.Contains("not verified", await page.Locator("#chain svg > text").First.TextContentAsync() ?? "", StringComparison.Ordinal);
        await BrowserFixture.Screenshot(page, "chain-counterfeit");
    }

    [Fact]
    public async Task The_chain_picture_needs_a_key_that_may_read_the_batch()
    {
        await fixture.Demo.DemoDataLoaded();
        await fixture.Silo.Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/chain.svg").ExpectUnauthorized();
        var importer = await fixture.Demo.Demo(DemoSiloFixture.DemoImporter);
        await fixture.Silo.Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/chain.svg", importer).ExpectForbidden();
        await fixture.Silo.Client.Get("api/batches/NO-SUCH-BATCH/chain.svg", await fixture.Demo.Demo(DemoSiloFixture.DemoInspector)).ExpectProblem(HttpStatusCode.NotFound);

        // The page says so instead of drawing anything.
        await using var context = await fixture.Context(new ViewportSize { Width = 1280, Height = 720 });
        var page = await context.NewPageAsync();
        await InspectBrowser.SignIn(page, importer.Token);
        await InspectBrowser.Open(page, $"/inspect/batches/{DemoSiloFixture.RetailLot}");
        await Assertions.Expect(page.Locator("section.refusal")).ToHaveAttributeAsync("data-status", "403");
        Assert.Equal(0, await page.Locator("#chain svg").CountAsync());
    }

    [Fact]
    public async Task The_printable_SVG_label_names_GTIN_lot_and_GI_and_its_QR_code_scans_to_the_page()
    {
        await fixture.Demo.DemoDataLoaded();
        using var response = await fixture.Silo.Client.GetAsync($"api/batches/{DemoSiloFixture.ExportLot}/label.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        foreach (var text in new[] { "(01) 08935000100011", "(10) LN26EXP01", "Vải thiều Lục Ngạn", "GI VN-GI-00017" })
            Assert.Contains(text, svg, StringComparison.Ordinal);

        // Drawn by the browser and photographed, the SVG's QR code decodes to the lot's Digital Link.
        await using var context = await fixture.Context(new ViewportSize { Width = 600, Height = 800 });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/api/batches/{DemoSiloFixture.ExportLot}/label.svg");
        var shot = await page.Locator("svg").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "label-svg.png") });
        Assert.Equal($"{fixture.BaseUrl}/01/08935000100011/10/LN26EXP01", await BrowserFixture.DecodeQr(shot));

        // A batch without GTIN and lot has no label; an unknown batch is a 404.
        var noLabel = await fixture.Silo.Client.GetAsync("api/batches/PH01-LN26-P-0001/label.png").ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("label.no-gtin", noLabel.Rules());
        await fixture.Silo.Client.GetAsync("api/batches/NO-SUCH-BATCH/label.svg").ExpectProblem(HttpStatusCode.NotFound);
    }
}
