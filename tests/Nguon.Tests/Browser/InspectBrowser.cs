using System.Net;
using Microsoft.Playwright;
using Nguon.Tests.Http;
using IRequest = Microsoft.Playwright.IRequest;

namespace Nguon.Tests.Browser;

/// <summary>Driving the inspectors' pages in the browser: signing in (the key pasted into the sign-in form) and
/// opening a page, done once its fragment is in place (the script marks the body with the page it loaded).</summary>
internal static class InspectBrowser
{
    public static async Task SignIn(IPage page, string token)
    {
        await page.GotoAsync("/inspect");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await page.FillAsync("#key", token);
        await page.ClickAsync("#signin button[type=submit]");
        await page.Locator("#content .who").WaitForAsync();
    }

    /// <summary>Opens <paramref name="path"/> (e.g. /inspect/batches/X) and waits until its fragment is shown.</summary>
    public static async Task Open(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Loaded(page, path.Split('?')[0]);
    }

    public static Task Loaded(IPage page, string path) => page.Locator($"body[data-loaded='{path}']").WaitForAsync();

    /// <summary>Waits until the page's address ends with <paramref name="ending"/>: polled by the browser, not
    /// <c>WaitForURLAsync</c>, which can miss the load event it waits for after the address matched and time out
    /// (microsoft/playwright-dotnet#3364, #3365; it failed two suite runs here). Callers then wait for <see cref="Loaded"/>.</summary>
    public static Task At(IPage page, System.Text.RegularExpressions.Regex ending) =>
        Assertions.Expect(page).ToHaveURLAsync(ending, new() { Timeout = 90_000 });

    public static Task At(IPage page, string ending) =>
        At(page, new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(ending) + "$"));

    /// <summary>The codes of a list the API answers <paramref name="by"/> (GET /api/batches, /api/farms …), in order.</summary>
    public static async Task<string[]> ApiCodes(this HttpClient client, string path, Party by) =>
        [.. (await client.Get(path, by).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.Str("code"))];

    /// <summary>Every request the page makes, kept with its headers as sent.</summary>
    public static List<IRequest> Record(IPage page)
    {
        var requests = new List<IRequest>();
        page.Request += (_, r) => requests.Add(r);
        return requests;
    }
}
