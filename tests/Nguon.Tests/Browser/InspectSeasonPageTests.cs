using Microsoft.Playwright;
using Nguon.Client.Demo;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>The GI season page in the real browser at a phone's width (390 px) and a desktop's: reached from the
/// certificate's page, its three charts drawn with a real size, their text legible and not overlapping, and nothing
/// wider than the screen (tables scroll in their own box).</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectSeasonPageTests(BrowserFixture fixture)
{
    private static readonly string[] Charts = ["chart-balance", "chart-weeks", "chart-communes"];

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_season_page_draws_its_charts_readably_at_any_width(string name, int width, int height)
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        await using var context = await fixture.Context(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        await InspectBrowser.SignIn(page, inspector.Token);

        var season = $"/inspect/gi/{DemoData.LycheeGi}/seasons/{DateTimeOffset.UtcNow.Year}";
        await InspectBrowser.Open(page, $"/inspect/certificates/{DemoData.LycheeGi}");
        await page.ClickAsync($"a[href='{season}']");
        await InspectBrowser.Loaded(page, season);
        await InspectBrowser.Open(page, $"/inspect/gi/{DemoData.LycheeGi}/seasons/2026");
        Assert.Equal($"Nguon · GI {DemoData.LycheeGi} season 2026", await page.TitleAsync());
        Assert.Contains("the season adds up", await page.Locator("section.balance").InnerTextAsync(), StringComparison.Ordinal);

        foreach (var id in Charts)
        {
            var box = await page.Locator($"svg#{id}").BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 200 && box.Height > 40, $"{name}: {id} is {box.Width}×{box.Height}");
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{name}: {id} spans {box.X}–{box.X + box.Width} of {width} px");
            // Legible: no chart text under 11 px high; readable: no two of its texts overlap.
            var texts = await page.Locator($"svg#{id} text").EvaluateAllAsync<double[][]>(
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })");
            Assert.NotEmpty(texts);
            Assert.All(texts, t => Assert.True(t[3] - t[1] >= 11, $"{name}: text of {id} is {t[3] - t[1]} px high"));
            for (var a = 0; a < texts.Length; a++)
                for (var b = a + 1; b < texts.Length; b++)
                    Assert.False(Overlap(texts[a], texts[b]), $"{name}: texts {a} and {b} of {id} overlap");
        }

        // Nothing overflows the screen sideways but inside a scrolling box.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: the page is {scrollWidth} px wide at a {width} px viewport");
        var over = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('#content *')].filter(e => !e.parentElement.closest('.scroll'))"
            + ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > innerWidth + 0.5); })"
            + ".map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right))");
        Assert.True(over.Length == 0, $"{name}: {string.Join(", ", over)} overflow the {width} px viewport");
        await BrowserFixture.Screenshot(page, $"inspect-season-{name}");
    }

    private static bool Overlap(double[] a, double[] b) =>
        a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
}
