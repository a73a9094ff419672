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
