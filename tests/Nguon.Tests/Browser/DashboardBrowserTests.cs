using Microsoft.Playwright;

namespace Nguon.Tests.Browser;

/// <summary>The operators' dashboard in the real browser: the login page takes the administrator's key, and the
/// Orleans Dashboard then shows the cluster, fed by the silo alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_administrator_logs_in_and_sees_the_silo_and_its_activations()
    {
        await using var context = await fixture.Context(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync("/dashboard/");
        Assert.EndsWith("/dashboard/login", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name=key]", fixture.Silo.Admin.Token);
        await page.ClickAsync("button[type=submit]");
        await page.GetByText("Active Silos").WaitForAsync();
        await page.GetByText("Total Activations").WaitForAsync();
        Assert.EndsWith("/dashboard/", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("Error connecting", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.All(requests, r => Assert.StartsWith(fixture.BaseUrl + "/", r, StringComparison.Ordinal));
        await BrowserFixture.Screenshot(page, "operators-dashboard");
    }
}
