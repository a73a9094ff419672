using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nguon.Tests.Http;
using Xunit.Abstractions;
using IRequest = Microsoft.Playwright.IRequest;
using LabelContent = Nguon.Client.LabelContent;
using PrintedLabels = Nguon.Client.Labels;

namespace Nguon.Tests.Browser;

/// <summary>The label page in a real browser, reached the way a shopper reaches it: a label's QR code (from the label
/// endpoint, or the same rendering the CLI uses) decoded by zbarimg, and the decoded URL opened in Chromium at phone
/// size. Every state — verified, not verified (the demo counterfeit), recalled (a lot recalled here), unknown lot —
/// is checked, measured (transfer, requests, width) and photographed into artifacts/test-results/screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LabelPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Gi = "VN-GI-00017";
    private const string LucNganGtin = "08935000100011";
    private const int MaxTransferBytes = 200 * 1024;

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Each_state_is_reached_by_scanning_a_generated_label_and_reads_well_on_a_phone()
    {
        await fixture.Demo.DemoDataLoaded();
        var recalled = await RecalledLot();
        var states = new (string Name, byte[] Png, string Verdict, string Heading)[]
        {
            ("verified", await LabelPng(DemoSiloFixture.ExportLot), "verified", "Verified"),
            ("not-verified", await LabelPng(DemoSiloFixture.LastDemoBatch), "notverified", "Not verified"),
            ("recalled", await LabelPng(recalled), "recalled", "Recalled"),
            // No lot answers to this label, so no endpoint makes it: the CLI's shared rendering prints it, as a forger could.
            ("unknown-lot", PrintedLabels.LabelPng(new LabelContent(PrintedLabels.DigitalLinkUri(fixture.BaseUrl, LucNganGtin, "LN26NOPE9"), LucNganGtin, "LN26NOPE9", "lychee", "Vải thiều Lục Ngạn", Gi)), "unknown", "Lot not found"),
        };

        foreach (var (name, png, verdict, heading) in states)
        {
            var url = await BrowserFixture.DecodeQr(png);
            Assert.StartsWith(fixture.BaseUrl + "/01/", url, StringComparison.Ordinal);
            await using var context = await fixture.Phone("en-GB");
            var page = await context.NewPageAsync();
            var requests = new List<IRequest>();
            page.RequestFinished += (_, r) => requests.Add(r);
            page.RequestFailed += (_, r) => requests.Add(r);

            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            Assert.NotNull(response);
            Assert.Equal(name == "unknown-lot" ? 404 : 200, response!.Status);
            Assert.Equal(verdict, await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
            Assert.Equal(heading, (await page.Locator("h1").InnerTextAsync()).Trim());

            // Nothing outside the silo; the stylesheet loaded (the page is styled, not bare HTML).
            Assert.NotEmpty(requests);
            Assert.All(requests, r => Assert.StartsWith(fixture.BaseUrl + "/", r.Url, StringComparison.Ordinal));
            Assert.Contains(requests, r => r.Url.Contains("/assets/label.css", StringComparison.Ordinal));
            Assert.Equal("rgb(244, 242, 236)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));

            // Everything it transferred, headers included, measured by the browser.
            long transfer = 0;
            foreach (var r in requests)
            {
                var sizes = await r.SizesAsync();
                transfer += sizes.ResponseBodySize + sizes.ResponseHeadersSize + sizes.RequestHeadersSize + sizes.RequestBodySize;
            }
            output.WriteLine($"{name}: {requests.Count} requests, {transfer:N0} bytes transferred ({url})");
            Assert.True(transfer < MaxTransferBytes, $"{name}: {transfer} bytes transferred, over {MaxTransferBytes}");

            // Readable at 375 px: no sideways scrolling, large verdict, body text at least 16 px.
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 375, $"{name}: the page is {scrollWidth} px wide at a 375 px viewport");
            Assert.True(await Pixels(page, "h1") >= 28, $"{name}: the verdict is set in {await Pixels(page, "h1")} px");
            Assert.True(await Pixels(page, "body") >= 16, $"{name}: body text is {await Pixels(page, "body")} px");
            await BrowserFixture.Screenshot(page, name);
        }
    }

    [Fact]
    public async Task The_verified_page_shows_product_GI_producers_journey_and_map()
    {
        await fixture.Demo.DemoDataLoaded();
        await using var context = await fixture.Phone("en-GB");
        var page = await context.NewPageAsync();
        await page.GotoAsync(await DecodedLabel(DemoSiloFixture.ExportLot));

        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Luc Ngan lychee", text, StringComparison.Ordinal);
        Assert.Contains(Gi, text, StringComparison.Ordinal);
        Assert.Contains("GI-104", text, StringComparison.Ordinal); // Japan's registration of the GI
        foreach (var commune in new[] { "Phượng Sơn", "Quý Sơn", "Hồng Giang" }) Assert.Contains(commune, text, StringComparison.Ordinal);
        Assert.Contains("2026-06-10", text, StringComparison.Ordinal);
        Assert.Equal("GI", await page.Locator(".mark b").InnerTextAsync());
        Assert.Equal(0, await page.Locator("section.verdict .reasons li").CountAsync());

        // The journey, in order: harvest → packing → fumigation → inspection → shipment.
        var steps = (await page.Locator(".timeline li strong").AllInnerTextsAsync()).ToList();
        var at = -1;
        foreach (var step in new[] { "Harvest", "Packing", "Fumigation", "Inspection", "Shipment", "Received" })
        {
            at = steps.FindIndex(at + 1, s => s == step);
            Assert.True(at >= 0, $"no {step} after the previous step in the journey: {string.Join(" → ", steps)}");
        }

        // The map: the protected area and one dot per origin farm, each inside the area.
        Assert.Equal(1, await page.Locator("svg.map path.area").CountAsync());
        Assert.Equal(3, await page.Locator("svg.map g.farm").CountAsync());
        Assert.Equal(0, await page.Locator("svg.map g.farm.outside").CountAsync());
        Assert.Equal(3, await page.Locator(".legend li.k-farm").CountAsync());

        // Only the public projection: no quantities, keys or documents.
        // Machine timestamps (datetime="…T05:10:53.1500245…") are left out: their digits are no quantity.
        var html = System.Text.RegularExpressions.Regex.Replace(await page.ContentAsync(), "datetime=\"[^\"]*\"", "");
        foreach (var secret in new[] { "1500", "1,500", "kg", "PC-2026-BG-00871", "3f0c8e5b", "ngn_" })
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        await BrowserFixture.Screenshot(page, "verified-full");
    }

    [Fact]
    public async Task The_counterfeit_says_not_verified_and_why_in_plain_words()
    {
        await fixture.Demo.DemoDataLoaded();
        await using var context = await fixture.Phone("en-GB");
        var page = await context.NewPageAsync();
        await page.GotoAsync(await DecodedLabel(DemoSiloFixture.LastDemoBatch));

        Assert.Equal("Not verified", (await page.Locator("h1").InnerTextAsync()).Trim());
        var reason = page.Locator("section.verdict .reasons li[data-rule='gi.no-claim']");
        Assert.Equal(1, await reason.CountAsync());
        Assert.Equal("This lot was never registered as GI produce.", await reason.Locator("strong").InnerTextAsync());
        // Its GTIN is the trader's own, which it sells as Lục Ngạn lychee: the page judges the lot against that GI.
        Assert.Equal($"{Nguon.Client.Demo.DemoData.TraderLabel} is sold as Luc Ngan lychee ({Gi}); this lot does not verify for it:",
            (await page.Locator("section.verdict .sold-as").InnerTextAsync()).Trim());
        Assert.Equal(1, await page.Locator("section.verdict .reasons li[data-rule='gi.outside-area']").CountAsync());
        // Its producer in Thanh Hà is named, and its farm is drawn outside the GI's protected area.
        Assert.Contains("Vườn vải Thanh Hà", await page.Locator(".producers").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".legend li.k-outside").CountAsync());
    }

    /// <summary>The Digital Link answers 307 to the label page; the page itself is unchanged. Measured in the browser,
    /// seven fresh phone contexts each way: transfer (headers included) and time to first contentful paint.</summary>
    [Fact]
    public async Task The_redirect_to_the_label_page_costs_one_small_round_trip()
    {
        await fixture.Demo.DemoDataLoaded();
        var link = await DecodedLabel(DemoSiloFixture.ExportLot);
        // The resolver picks the page in the phone's language (en-GB): the direct request asks for the same page.
        var direct = fixture.BaseUrl + "/label" + link[fixture.BaseUrl.Length..] + "?lang=en";
        var measured = new Dictionary<string, (List<double> Paint, long Transfer, int Requests)>();
        foreach (var (name, url) in new[] { ("direct", direct), ("redirect", link), ("direct", direct), ("redirect", link) })
        {
            var (paints, _, _) = measured.TryGetValue(name, out var m) ? m : ([], 0, 0);
            long transfer = 0;
            var count = 0;
            for (var i = 0; i < 4; i++)
            {
                await using var context = await fixture.Phone("en-GB");
                var page = await context.NewPageAsync();
                var requests = new List<IRequest>();
                page.RequestFinished += (_, r) => requests.Add(r);
                var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                Assert.Equal(200, response!.Status);
                Assert.Equal(direct, page.Url);
                paints.Add(await page.EvaluateAsync<double>("""
                    new Promise(done => {
                      const e = performance.getEntriesByName('first-contentful-paint')[0];
                      if (e) done(e.startTime);
                      else new PerformanceObserver(l => done(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
                    })
                    """));
                transfer = 0;
                foreach (var r in requests)
                {
                    var sizes = await r.SizesAsync();
                    transfer += sizes.ResponseBodySize + sizes.ResponseHeadersSize + sizes.RequestHeadersSize + sizes.RequestBodySize;
                }
                count = requests.Count;
            }
            measured[name] = (paints, transfer, count);
        }
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        foreach (var (name, (paints, transfer, count)) in measured)
            output.WriteLine($"{name}: {count} requests, {transfer:N0} bytes; first contentful paint median {Median(paints):0} ms "
                + $"(min {paints.Min():0}, max {paints.Max():0}, n={paints.Count})");
        var (d, via) = (measured["direct"], measured["redirect"]);
        // One more request and response, headers only (the 307 has no body).
        Assert.True(via.Transfer - d.Transfer is > 0 and < 2_048, $"the redirect added {via.Transfer - d.Transfer} bytes");
        Assert.True(Median(via.Paint) < Median(d.Paint) + 250,
            $"first paint {Median(via.Paint):0} ms with the redirect, {Median(d.Paint):0} without");
    }

    [Fact]
    public async Task Suspending_the_GI_flips_the_page_and_reinstating_flips_it_back()
    {
        await fixture.Demo.DemoDataLoaded();
        var authority = await fixture.Demo.Demo("dost-bacgiang");
        await using var context = await fixture.Phone("en-GB");
        var page = await context.NewPageAsync();
        var url = await DecodedLabel(DemoSiloFixture.RetailLot);
        await page.GotoAsync(url);
        Assert.Equal("verified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));

        await Silo.Client.Post($"api/certificates/{Gi}/status", new { status = "suspended", reason = "audit of the 2026 season" }, authority).Expect(HttpStatusCode.OK);
        try
        {
            await page.ReloadAsync();
            Assert.Equal("notverified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
            var reason = page.Locator("section.verdict .reasons li[data-rule='gi.certificate-inactive']");
            Assert.Equal("The GI certificate is suspended or revoked.", await reason.Locator("strong").InnerTextAsync());
            Assert.Contains("audit of the 2026 season", await reason.Locator("small").InnerTextAsync(), StringComparison.Ordinal);
            await BrowserFixture.Screenshot(page, "suspended");
        }
        finally
        {
            await Silo.Client.Post($"api/certificates/{Gi}/status", new { status = "active", reason = "audit passed" }, authority).Expect(HttpStatusCode.OK);
        }
        await page.ReloadAsync();
        Assert.Equal("verified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
        Assert.Equal(0, await page.Locator("section.verdict .reasons li").CountAsync());
    }

    [Fact]
    public async Task The_language_follows_the_browser_and_the_switch_changes_it()
    {
        await fixture.Demo.DemoDataLoaded();
        var url = await DecodedLabel(DemoSiloFixture.ExportLot);
        var expected = new Dictionary<string, (string Locale, string Heading, string Journey)>
        {
            ["vi"] = ("vi-VN", "Đã xác minh", "Hành trình"),
            ["en"] = ("en-GB", "Verified", "Journey"),
            ["ja"] = ("ja-JP", "確認済み", "流通経路"),
        };
        foreach (var (language, (locale, heading, journey)) in expected)
        {
            await using var context = await fixture.Phone(locale);
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(heading, (await page.Locator("h1").InnerTextAsync()).Trim());
            Assert.Contains(journey, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(language.ToUpperInvariant(), await page.Locator("nav.lang a[aria-current]").InnerTextAsync());

            // The visible switch: each other language is one tap away, and the choice beats the browser's language.
            foreach (var (other, (_, otherHeading, _)) in expected.Where(e => e.Key != language))
            {
                await page.Locator($"nav.lang a[hreflang='{other}']").ClickAsync();
                // Web-first assertions poll the URL and the new document: WaitForURL's load-state wait once missed a
                // DOMContentLoaded it had already passed and hung with the page idle (CI, 2026-12-07).
                await Assertions.Expect(page).ToHaveURLAsync(new Regex($"[?&]lang={other}$"), new() { Timeout = 90_000 });
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", other, new() { Timeout = 90_000 });
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(otherHeading, new() { Timeout = 90_000 });
            }
        }
        foreach (var language in new[] { "vi", "ja" })
        {
            await using var context = await fixture.Phone("en-GB");
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{url}?lang={language}");
            await BrowserFixture.Screenshot(page, $"verified-{language}");
        }
    }

    /// <summary>A lot harvested here under the GI and recalled by the demo inspector: its label shows Recalled.</summary>
    private async Task<string> RecalledLot()
    {
        var code = "PS-LN26-H-R" + Api.Suffix()[..6].ToUpperInvariant();
        var producer = await fixture.Demo.Demo("htx-ps");
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        // The cooperative labels under the packer's GTIN: the packer (its brand owner) licenses it first.
        await Silo.Client.Post($"api/prefixes/{Nguon.Client.Demo.DemoData.PackerPrefix}/licences",
            new { organisation = "htx-ps", reference = "HĐ-PS-2026" }, await fixture.Demo.Demo(Nguon.Client.Demo.DemoData.Packer))
            .Expect(HttpStatusCode.OK);
        await Silo.Client.Post("api/farms/VNBG-LN-PS-002/harvests", new
        {
            batchCode = code, product = "lychee", quantity = new { amount = 100, unit = "kg" }, harvestedAt = "2026-06-20T06:00:00+07:00",
            giClaim = Gi, gtin = LucNganGtin, lot = "LN26" + code[^6..],
        }, producer).Expect(HttpStatusCode.Created);
        await Silo.Client.Post($"api/batches/{code}/events", new { bizStep = "holding", eventTime = "2026-06-21T08:00:00+07:00", disposition = "recalled", readPoint = "residue finding" }, inspector)
            .Expect(HttpStatusCode.Created);
        return code;
    }

    /// <summary>The batch's label PNG from the silo's label endpoint (no key: a label shows only public facts).</summary>
    private async Task<byte[]> LabelPng(string batch)
    {
        using var response = await Silo.Client.GetAsync($"api/batches/{batch}/label.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<string> DecodedLabel(string batch) => await BrowserFixture.DecodeQr(await LabelPng(batch));

    private static async Task<double> Pixels(IPage page, string selector) =>
        await page.EvaluateAsync<double>($"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)");
}
