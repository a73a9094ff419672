using System.Net;
using Microsoft.Playwright;
using Nguon.Client.Demo;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>The search page with filters in the real browser, at a phone's width and a desktop's: the form's filters go
/// into the page's URL (only the fields filled in, never the key), the rows are the lots the key may read as the API
/// lists them, a code opens its lot's page, "Next page" follows the cursor, a bad filter is said and lists nothing, and
/// the farms tab lists farms by commune and authorisation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectSearchTests(BrowserFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("desktop", 1280, 900)]
    public async Task An_inspector_filters_the_lots_follows_the_next_page_and_opens_a_lot(string name, int width, int height)
    {
        var (context, page, inspector) = await Inspector(width, height);
        await using var _ = context;
        var requests = InspectBrowser.Record(page);

        // The lychee GI's lots shipped between June and the year's end: the URL carries just the filled-in filters.
        await page.FillAsync("form.find input[name=gi]", DemoData.LycheeGi);
        await page.SelectOptionAsync("form.find select[name=step]", "shipping");
        await page.FillAsync("form.find input[name=from]", "2026-06-01");
        await page.FillAsync("form.find input[name=to]", "2027-01-01");
        await page.ClickAsync("form.find button[type=submit]");
        const string Query = "gi=VN-GI-00017&step=shipping&from=2026-06-01&to=2027-01-01";
        await InspectBrowser.At(page, $"/inspect?{Query}");
        await InspectBrowser.Loaded(page, "/inspect");
        var shipped = await Codes(page);
        Assert.NotEmpty(shipped);
        Assert.Equal(await ApiCodes($"api/batches?{Query}", inspector), shipped);
        Assert.Contains(DemoSiloFixture.ExportLot, shipped);
        // The form shows the filters again, and the page says how fresh the list is.
        Assert.Equal("shipping", await page.InputValueAsync("form.find select[name=step]"));
        Assert.Equal("2026-06-01", await page.InputValueAsync("form.find input[name=from]"));
        Assert.Contains("as of", await page.Locator("#results .asof").InnerTextAsync(), StringComparison.Ordinal);
        var row = page.Locator($"#results tr[data-batch='{DemoSiloFixture.ExportLot}']");
        Assert.Contains("1,500 kg", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(DemoSiloFixture.DemoImporter, await row.InnerTextAsync(), StringComparison.Ordinal);
        await NoWiderThan(page, width, name);
        await BrowserFixture.Screenshot(page, $"inspect-search-{name}");

        // Three a page: "Next page" carries the filters and the cursor, and lists the next three.
        var all = await ApiCodes($"api/batches?gi={DemoData.LycheeGi}", inspector);
        await InspectBrowser.Open(page, $"/inspect?gi={DemoData.LycheeGi}&limit=3");
        Assert.Equal(all[..3], await Codes(page));
        await page.ClickAsync("#results a[rel=next]");
        await InspectBrowser.At(page, new System.Text.RegularExpressions.Regex("/inspect\\?gi=VN-GI-00017&limit=3&cursor=[A-Za-z0-9_-]+$"));
        await InspectBrowser.Loaded(page, "/inspect");
        var second = await Codes(page);
        Assert.Equal(all[3..Math.Min(6, all.Length)], second);
        await NoWiderThan(page, width, name);

        // A code opens its lot's page.
        await page.ClickAsync($"#results a[href='/inspect/batches/{second[0]}']");
        await InspectBrowser.Loaded(page, $"/inspect/batches/{second[0]}");
        Assert.NotNull(await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));

        // A bad filter is said in the API's words, and nothing is listed.
        await InspectBrowser.Open(page, "/inspect");
        await page.FillAsync("form.find input[name=gtin]", "12345678901234");
        await page.ClickAsync("form.find button[type=submit]");
        await InspectBrowser.At(page, "/inspect?gtin=12345678901234");
        await InspectBrowser.Loaded(page, "/inspect");
        var alert = page.Locator("#results [role=alert]");
        await Assertions.Expect(alert).ToContainTextAsync("?gtin= is a GTIN with a valid check digit, not '12345678901234'");
        Assert.Equal(0, await page.Locator("#results tr[data-batch]").CountAsync());

        Assert.All(requests, r => Assert.StartsWith(fixture.BaseUrl + "/", r.Url, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain(inspector.Token, Uri.UnescapeDataString(r.Url), StringComparison.Ordinal));
        Assert.Empty(await context.CookiesAsync());
    }

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_farms_tab_lists_a_communes_authorised_farms_and_opens_one(string name, int width, int height)
    {
        var (context, page, inspector) = await Inspector(width, height);
        await using var _ = context;

        await page.ClickAsync("#content nav.tabs a[href='/inspect/farms']");
        await InspectBrowser.Loaded(page, "/inspect/farms");
        Assert.Equal((await ApiCodes("api/farms", inspector)).Length, await page.Locator("#results tr[data-farm]").CountAsync());
        await page.FillAsync("form.farms input[name=commune]", "Hồng Giang");
        await page.SelectOptionAsync("form.farms select[name=authorised]", "true");
        await page.ClickAsync("form.farms button[type=submit]");
        await InspectBrowser.At(page, "/inspect/farms?commune=H%E1%BB%93ng+Giang&authorised=true");
        await InspectBrowser.Loaded(page, "/inspect/farms");
        var farms = await page.Locator("#results tr[data-farm]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.farm)");
        Assert.Equal(["VNBG-LN-HG-001", "VNBG-LN-HG-002"], farms);
        var authorisation = page.Locator($"#results tr[data-farm='VNBG-LN-HG-001'] [data-gi='{DemoData.LycheeGi}']");
        Assert.Equal("active", await authorisation.GetAttributeAsync("data-status"));
        await NoWiderThan(page, width, name);
        await BrowserFixture.Screenshot(page, $"inspect-farms-{name}");

        await page.ClickAsync("#results a[href='/inspect/farms/VNBG-LN-HG-001']");
        await InspectBrowser.Loaded(page, "/inspect/farms/VNBG-LN-HG-001");
        Assert.Contains("Hồng Giang", await page.Locator("section.record").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static Task<string[]> Codes(IPage page) =>
        page.Locator("#results tr[data-batch]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.batch)");

    private Task<string[]> ApiCodes(string path, Party by) => Silo.Client.ApiCodes(path, by);

    /// <summary>A browser tab of its own size, signed in with the demo inspector's key.</summary>
    private async Task<(IBrowserContext Context, IPage Page, Party Inspector)> Inspector(int width, int height)
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        var context = await fixture.Context(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        await InspectBrowser.SignIn(page, inspector.Token);
        return (context, page, inspector);
    }

    /// <summary>Readable on a phone: nothing wider than the screen (the result rows become cards).</summary>
    private static async Task NoWiderThan(IPage page, int width, string name)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: the page is {scrollWidth} px wide at a {width} px viewport");
        var table = await page.EvaluateAsync<int>("(document.querySelector('#results .scroll') || document.body).scrollWidth");
        var box = await page.EvaluateAsync<int>("(document.querySelector('#results .scroll') || document.body).clientWidth");
        Assert.True(table <= box, $"{name}: the results are {table} px wide in a {box} px box");
    }
}
