using System.Net;
using System.Net.Http.Headers;
using Nguon.Silo.Hosting;

namespace Nguon.Tests.Http;

/// <summary>The operators' view: the Orleans Dashboard on the silo, for administrators only — by Bearer key, or by the
/// login page's cookie, which is scoped to the dashboard and dies with its key.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DashboardTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>A client that shows redirects and cookies instead of following and keeping them.</summary>
    private HttpClient Raw() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = Client.BaseAddress,
    };

    [Fact]
    public async Task Only_an_administrators_key_opens_the_dashboard_and_its_data()
    {
        var inspector = await fixture.Inspector();
        var stats = await Client.Get("dashboard/ClusterStats", fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("\"siloAddress\"", await stats.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await Client.Get("dashboard/", fixture.Admin)).StatusCode);
        await Client.Get("dashboard/ClusterStats", inspector).ExpectForbidden();
        await Client.Get("dashboard/GrainState?grainId=x&grainType=y", inspector).ExpectForbidden();

        using var raw = Raw();
        using var anonymous = await raw.GetAsync("dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/dashboard/login", anonymous.Headers.Location?.OriginalString);
        var page = await Client.GetStringAsync("dashboard/login");
        Assert.Contains("administrators only", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_cookie_is_scoped_to_the_dashboard_and_stops_working_with_its_key()
    {
        using var raw = Raw();
        var inspector = await fixture.Inspector();
        using (var refused = await LogIn(raw, inspector.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }
        using (var bad = await LogIn(raw, "ngn_000000000000_nonsense"))
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);

        var issued = await Client.Post($"api/organisations/{BootstrapAdmin.Organisation}/keys", new { label = "dashboard test" }, fixture.Admin)
            .Expect(HttpStatusCode.Created);
        var token = issued.Str("token");
        using var login = await LogIn(raw, token);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        foreach (var attribute in new[] { "httponly", "samesite=strict", "path=/dashboard" })
            Assert.Contains(attribute, cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(raw, "dashboard/ClusterStats", pair)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(raw, "api/me", pair)).StatusCode); // the API wants its header

        var keyId = issued.GetProperty("key").Str("keyId");
        await Client.Delete($"api/organisations/{BootstrapAdmin.Organisation}/keys/{keyId}", fixture.Admin).Expect(HttpStatusCode.OK);
        using var revoked = await WithCookie(raw, "dashboard/ClusterStats", pair);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
    }

    private static Task<HttpResponseMessage> LogIn(HttpClient client, string key) =>
        client.PostAsync("dashboard/login", new FormUrlEncodedContent([new("key", key)]));

    private static Task<HttpResponseMessage> WithCookie(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }
}
