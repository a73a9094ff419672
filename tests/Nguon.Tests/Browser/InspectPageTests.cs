using System.Net;
using System.Security.Cryptography;
using Microsoft.Playwright;
using Nguon.Client.Demo;
using Nguon.Tests.Http;
using IRequest = Microsoft.Playwright.IRequest;

namespace Nguon.Tests.Browser;

/// <summary>The inspectors' pages in the real browser, at a phone's width (375 px) and a desktop's: signing in with a
/// key kept only in the tab, a lot's page (verdict, journey, chain, documents, recall), a farm's page, the find box,
/// and refusals. Every request must stay on the silo, and the key must never be in a cookie or a URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectPageTests(BrowserFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("desktop", 1280, 900)]
    public async Task An_inspector_opens_the_export_lot_and_sees_verdict_journey_chain_and_documents(string name, int width, int height)
    {
        await using var session = await SignedIn(DemoSiloFixture.DemoInspector, width, height);
        var page = session.Page;
        Assert.Contains(DemoSiloFixture.DemoInspector, await page.Locator("#content .who").InnerTextAsync(), StringComparison.Ordinal);

        // The find box takes the label's element string and opens the lot's page under its own URL.
        await page.FillAsync("form.find input[name=q]", "(01)08935000100011(10)LN26EXP01");
        await page.ClickAsync("form.find button[type=submit]");
        await InspectBrowser.Loaded(page, $"/inspect/batches/{DemoSiloFixture.ExportLot}");
        Assert.EndsWith($"/inspect/batches/{DemoSiloFixture.ExportLot}", page.Url, StringComparison.Ordinal);

        // The verdict: the inspector's full verification, with Japan's import rules (the lot is shipped to Tokyo).
        var verdict = page.Locator("section.verdict");
        Assert.Equal("verified", await verdict.GetAttributeAsync("data-verdict"));
        Assert.Equal("Verified", (await verdict.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(0, await verdict.Locator(".reasons li").CountAsync());
        Assert.Equal("true", await verdict.Locator("ul.market").GetAttributeAsync("data-passed"));
        Assert.Equal(5, await verdict.Locator("ul.market li[data-passed=true]").CountAsync());
        Assert.Contains("1,500 kg", await page.Locator("section.record").InnerTextAsync(), StringComparison.Ordinal);

        // The journey: every event of the chain in time order, with what, when, where, why, how and who.
        var times = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('.events > li')].map(li => li.querySelector('time').getAttribute('datetime'))");
        Assert.True(times.Length >= 10, $"only {times.Length} events in the journey");
        var parsed = times.Select(DateTimeOffset.Parse).ToList();
        Assert.Equal(parsed.Order().ToList(), parsed);
        var steps = await page.Locator(".events > li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.step)");
        foreach (var step in new[] { "commissioning", "packing", "urn:nguon:bizstep:fumigating", "sampling", "inspecting", "shipping",
            "receiving" })
            Assert.Contains(step, steps);
        var fumigation = page.Locator(".events > li[data-step='urn:nguon:bizstep:fumigating']");
        var fumigationText = await fumigation.InnerTextAsync();
        foreach (var part in new[] { "FUM-BG-01", "urn:nguon:sensor:methyl-bromide-dose 32 g/m3", "PH01-LN26-P-0001", DemoData.Packer })
            Assert.Contains(part, fumigationText, StringComparison.Ordinal);

        // The chain picture, drawn inline with its own stylesheet allowed by the page's CSP hash.
        var chain = page.Locator("#chain svg");
        Assert.Equal(5, await chain.Locator("g.n.batch").CountAsync()); // three harvests, the packed lot, the export lot
        Assert.Equal(3, await chain.Locator("g.n.farm").CountAsync());
        Assert.Equal(0, await chain.Locator("g.failing").CountAsync());
        Assert.Equal("rgb(230, 244, 234)", await chain.Locator("g.n.farm rect").First.EvaluateAsync<string>("e => getComputedStyle(e).fill"));

        // The documents along the chain; one downloads through the API with the key, and its bytes hash to its name.
        var documents = await page.Locator(".docs .documents").InnerTextAsync();
        foreach (var document in new[] { DemoDocuments.PhytosanitaryName, DemoDocuments.FumigationName, DemoDocuments.ResidueName })
            Assert.Contains(document, documents, StringComparison.Ordinal);
        var link = page.Locator($".documents a[data-download='{DemoDocuments.PhytosanitaryName}']");
        var sha256 = await link.Locator("xpath=..").GetAttributeAsync("data-sha256");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal(DemoDocuments.PhytosanitaryName, download.SuggestedFilename);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(await download.PathAsync()))));

        // An inspector may recall: the form is there (not used here: the demo chain is shared).
        Assert.Equal(1, await page.Locator("form#recall").CountAsync());

        // Readable on a phone: nothing wider than the screen but the picture's own scrolling box.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: the page is {scrollWidth} px wide at a {width} px viewport");
        await BrowserFixture.Screenshot(page, $"inspect-lot-{name}");

        await KeyStayedInTheTab(session);
    }

    [Fact]
    public async Task Recalling_from_the_page_flips_the_verdict_and_a_key_that_may_not_recall_has_no_button()
    {
        await fixture.Demo.DemoDataLoaded();
        var code = "PS-LN26-H-I" + Api.Suffix()[..6].ToUpperInvariant();
        var producer = await fixture.Demo.Demo("htx-ps");
        await Silo.Client.Post("api/farms/VNBG-LN-PS-002/harvests", new
        {
            batchCode = code, product = "lychee", quantity = new { amount = 120, unit = "kg" }, harvestedAt = "2026-06-20T06:00:00+07:00",
            giClaim = DemoData.LycheeGi,
        }, producer).Expect(HttpStatusCode.Created);

        // The producer holds the lot and reads its page, but may not recall it: no form.
        await using (var producerContext = await fixture.Phone())
        {
            var page = await producerContext.NewPageAsync();
            await InspectBrowser.SignIn(page, producer.Token);
            await InspectBrowser.Open(page, $"/inspect/batches/{code}");
            Assert.Equal("verified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
            Assert.Equal(0, await page.Locator("form#recall").CountAsync());
            Assert.Equal(0, await page.Locator("[data-recall-confirm]").CountAsync());
        }

        await using var session = await SignedIn(DemoSiloFixture.DemoInspector, 375, 812);
        var (inspecting, inspector) = (session.Page, session.Key);
        await InspectBrowser.Open(inspecting, $"/inspect/batches/{code}");
        Assert.Equal("verified", await inspecting.Locator("section.verdict").GetAttributeAsync("data-verdict"));

        // A reason, then a confirmation; cancelling first changes nothing.
        await inspecting.FillAsync("form#recall input[name=reason]", "residue finding in browser test");
        await inspecting.ClickAsync("form#recall button[type=submit]");
        await Assertions.Expect(inspecting.Locator("#recall-confirm")).ToBeVisibleAsync();
        Assert.Equal("residue finding in browser test", await inspecting.Locator("#recall-confirm .reason").InnerTextAsync());
        await inspecting.ClickAsync("[data-recall-cancel]");
        await Assertions.Expect(inspecting.Locator("form#recall")).ToBeVisibleAsync();
        var record = await Silo.Client.Get($"api/batches/{code}", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal("active", record.Str("status"));

        await inspecting.ClickAsync("form#recall button[type=submit]");
        await inspecting.ClickAsync("[data-recall-confirm]");
        await Assertions.Expect(inspecting.Locator("section.verdict")).ToHaveAttributeAsync("data-verdict", "recalled");
        await Assertions.Expect(inspecting.Locator("#status")).ToContainTextAsync($"Recalled {code}");
        Assert.Equal("Recalled", (await inspecting.Locator("section.verdict h1").InnerTextAsync()).Trim());
        Assert.Equal(1, await inspecting.Locator("section.recall[data-recalled=true]").CountAsync());
        var recall = inspecting.Locator(".events > li[data-step=holding]");
        Assert.Contains("recalled", await recall.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("residue finding in browser test", await recall.InnerTextAsync(), StringComparison.Ordinal);
        // The API agrees: the recall went through the recall endpoint, once.
        record = await Silo.Client.Get($"api/batches/{code}", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal("recalled", record.Str("status"));
        Assert.Single(session.Requests, r => r.Method == "POST" && r.Url == $"{fixture.BaseUrl}/api/batches/{code}/recall");
        await BrowserFixture.Screenshot(inspecting, "inspect-recalled-phone");
        await KeyStayedInTheTab(session);
    }

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("desktop", 1280, 900)]
    public async Task A_farm_page_lists_its_authorisation_season_and_the_lots_it_reached(string name, int width, int height)
    {
        await using var session = await SignedIn(DemoSiloFixture.DemoInspector, width, height);
        var page = session.Page;
        await page.FillAsync("header .quick input[name=q]", "VNBG-LN-HG-001");
        await page.PressAsync("header .quick input[name=q]", "Enter");
        await InspectBrowser.Loaded(page, "/inspect/farms/VNBG-LN-HG-001");

        Assert.Contains("Hồng Giang", await page.Locator("section.record").InnerTextAsync(), StringComparison.Ordinal);
        var authorisation = page.Locator($".authorisations tr[data-gi='{DemoData.LycheeGi}']");
        Assert.Equal("active", await authorisation.GetAttributeAsync("data-status"));
        Assert.Equal(1, await page.Locator(".seasons li[data-season='2026'][aria-current]").CountAsync());
        var reached = await page.Locator(".reached tr[data-batch]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.batch)");
        foreach (var lot in new[] { "HG-LN26-H-0003", "PH01-LN26-P-0001", DemoSiloFixture.ExportLot, "PH01-LN26-DOM-0001", DemoSiloFixture.RetailLot })
            Assert.Contains(lot, reached);
        Assert.Equal("harvest", (await page.Locator(".reached tr[data-batch='HG-LN26-H-0003'] td").Nth(1).InnerTextAsync()).Trim());
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: the page is {scrollWidth} px wide at a {width} px viewport");
        await BrowserFixture.Screenshot(page, $"inspect-farm-{name}");

        // Its lots are one tap away, and so is the GI certificate.
        await page.ClickAsync($".reached a[href='/inspect/batches/{DemoSiloFixture.RetailLot}']");
        await InspectBrowser.Loaded(page, $"/inspect/batches/{DemoSiloFixture.RetailLot}");
        Assert.Equal("verified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
        await page.ClickAsync($"section.record a[href='/inspect/certificates/{DemoData.LycheeGi}']");
        await InspectBrowser.Loaded(page, $"/inspect/certificates/{DemoData.LycheeGi}");
        Assert.Equal("active", await page.Locator("section.record").GetAttributeAsync("data-status"));
        Assert.Contains("GI-104", await page.Locator("section.record").InnerTextAsync(), StringComparison.Ordinal);
        await KeyStayedInTheTab(session);
    }

    [Fact]
    public async Task A_key_that_may_not_read_sees_a_refusal_and_a_wrong_key_is_asked_again()
    {
        await fixture.Demo.DemoDataLoaded();
        var importer = await fixture.Demo.Demo(DemoSiloFixture.DemoImporter);
        await using var context = await fixture.Phone();
        var page = await context.NewPageAsync();
        await InspectBrowser.SignIn(page, importer.Token);
        await InspectBrowser.Open(page, $"/inspect/batches/{DemoSiloFixture.RetailLot}");
        var refusal = page.Locator("section.refusal");
        Assert.Equal("403", await refusal.GetAttributeAsync("data-status"));
        Assert.Equal(1, await refusal.Locator("li[data-rule='auth.forbidden']").CountAsync());
        Assert.Equal(0, await page.Locator("section.verdict, .events, #chain, .documents").CountAsync());
        var html = await page.Locator("#content").InnerHTMLAsync();
        foreach (var data in new[] { "kg", DemoData.Retailer, "PH01-LN26-DOM-0001" }) Assert.DoesNotContain(data, html, StringComparison.Ordinal);
        // The same key reads what was shipped to it.
        await InspectBrowser.Open(page, $"/inspect/batches/{DemoSiloFixture.ExportLot}");
        Assert.Equal("verified", await page.Locator("section.verdict").GetAttributeAsync("data-verdict"));
        Assert.Equal(0, await page.Locator("form#recall").CountAsync());

        // Signing out forgets the key; a key the silo does not know brings the sign-in form back, and is not kept.
        await page.ClickAsync("#signout");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('nguon-key')"));
        await page.FillAsync("#key", "ngn_0123456789abcdef_wrongwrongwrong");
        await page.ClickAsync("#signin button[type=submit]");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("401");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('nguon-key')"));
        Assert.Equal(0, await page.Locator("#content > *").CountAsync());
    }

    [Fact]
    public async Task The_key_lives_in_one_tab_only()
    {
        await fixture.Demo.DemoDataLoaded();
        var inspector = await fixture.Demo.Demo(DemoSiloFixture.DemoInspector);
        await using var context = await fixture.Context(new ViewportSize { Width = 1280, Height = 800 });
        var first = await context.NewPageAsync();
        await InspectBrowser.SignIn(first, inspector.Token);
        // Another tab of the same browser has no key: it asks for one.
        var second = await context.NewPageAsync();
        await second.GotoAsync($"/inspect/batches/{DemoSiloFixture.ExportLot}");
        await Assertions.Expect(second.Locator("#signin")).ToBeVisibleAsync();
        Assert.Equal(0, await second.Locator("section.verdict").CountAsync());
        Assert.Null(await second.EvaluateAsync<string?>("sessionStorage.getItem('nguon-key')"));
        Assert.Empty(await context.CookiesAsync());
        // The first tab still has it, and a page reload keeps it (the same tab).
        await first.ReloadAsync();
        await InspectBrowser.Loaded(first, "/inspect");
        Assert.Equal(inspector.Token, await first.EvaluateAsync<string>("sessionStorage.getItem('nguon-key')"));
    }

    /// <summary>A browser tab of its own size, signed in with <paramref name="organisation"/>'s demo key, its requests recorded.</summary>
    private async Task<Session> SignedIn(string organisation, int width, int height)
    {
        await fixture.Demo.DemoDataLoaded();
        var key = await fixture.Demo.Demo(organisation);
        var context = await fixture.Context(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        var session = new Session(context, page, InspectBrowser.Record(page), key);
        await InspectBrowser.SignIn(page, key.Token);
        return session;
    }

    private sealed record Session(IBrowserContext Context, IPage Page, List<IRequest> Requests, Party Key) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }

    /// <summary>The key went only to the silo, only in the Authorization header of the page's own fetches; it is in no
    /// cookie, no URL and not in the silo's log output; and nothing outside the silo was asked for.</summary>
    private async Task KeyStayedInTheTab(Session session)
    {
        var (context, page, requests, token) = (session.Context, session.Page, session.Requests, session.Key.Token);
        Assert.Equal(token, await page.EvaluateAsync<string>("sessionStorage.getItem('nguon-key')"));
        Assert.Empty(await context.CookiesAsync());
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.StartsWith(fixture.BaseUrl + "/", r.Url, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain(token, Uri.UnescapeDataString(r.Url), StringComparison.Ordinal));
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(token, Silo.FullOutput, StringComparison.Ordinal); // nor in what the silo logged
        foreach (var r in requests)
        {
            var headers = await r.AllHeadersAsync();
            var fetched = new Uri(r.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal);
            Assert.Equal(fetched ? $"Bearer {token}" : null, headers.GetValueOrDefault("authorization"));
            Assert.False(headers.ContainsKey("cookie"), $"{r.Url} sent a cookie");
        }
    }
}
