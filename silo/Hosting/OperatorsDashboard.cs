using System.Net;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;
using Orleans.Dashboard;

namespace Nguon.Silo.Hosting;

/// <summary>The Orleans Dashboard (activations, calls, hot grains per silo; grain state) at <c>/dashboard</c>, for
/// administrators only: it shows every grain's state. A browser cannot send a Bearer header with a page, so
/// <c>/dashboard/login</c> takes the admin key once and keeps it in an HttpOnly, SameSite=Strict cookie scoped to
/// <c>/dashboard</c>; the key is checked on every request as any key is, so a revocation ends the session at once. The
/// dashboard profiles grain calls only while someone looks at it (it stops a minute after the last query).</summary>
public static class OperatorsDashboard
{
    public const string Path = "/dashboard";
    public const string CookieName = "nguon-dashboard";
    private const string AdminPolicy = "nguon-admin";

    public static ISiloBuilder AddOperatorsDashboard(this ISiloBuilder silo) => silo.AddDashboard();

    public static IServiceCollection AddOperatorsDashboardPolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole(nameof(Role.Admin))).Services;

    public static WebApplication MapOperatorsDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(AdminPolicy).ExcludeFromDescription();
        var login = app.MapGroup(Path + "/login").ExcludeFromDescription().DisableAntiforgery();
        login.MapGet("", () => Page(null, HttpStatusCode.OK));
        login.MapPost("", LogIn);
        app.MapPost(Path + "/logout", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(CookieName, Cookie(http));
            return TypedResults.Redirect(Path + "/login", preserveMethod: false);
        }).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>The key from the dashboard's cookie, for requests under <see cref="Path"/> only.</summary>
    public static string? CookieToken(HttpRequest request) =>
        request.Path.StartsWithSegments(Path) ? request.Cookies[CookieName] : null;

    private static async Task<IResult> LogIn(HttpContext http, IGrainFactory grains)
    {
        var form = await http.Request.ReadFormAsync();
        var token = form["key"].ToString().Trim();
        var actor = ApiKeys.TryParse(token, out var keyId, out var secret)
            ? await grains.GetGrain<IApiKeyGrain>(keyId).Authenticate(ApiKeys.Hash(secret))
            : null;
        if (actor is null) return Page("That is not a valid Nguon API key.", HttpStatusCode.Unauthorized);
        if (!actor.Has(Role.Admin)) return Page($"The key of {actor.Organisation} may not open the dashboard: administrators only.",
            HttpStatusCode.Forbidden);
        http.Response.Cookies.Append(CookieName, token, Cookie(http));
        return TypedResults.Redirect(Path + "/", preserveMethod: false);
    }

    private static CookieOptions Cookie(HttpContext http) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = Path, MaxAge = TimeSpan.FromHours(8),
    };

    private static IResult Page(string? error, HttpStatusCode status) => TypedResults.Content($$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>Nguon — operators' dashboard</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
        <h1>Operators' dashboard</h1><p>The Orleans Dashboard shows every silo's activations, calls and grain state:
        administrators only. Paste an administrator's API key; it is kept in a cookie for this path for 8 hours.</p>
        {{(error is null ? "" : $"<p role=\"alert\"><strong>{WebUtility.HtmlEncode(error)}</strong></p>")}}
        <form method="post"><label>API key <input name="key" type="password" autocomplete="off" required
        style="width:100%"></label><p><button type="submit">Open the dashboard</button></p></form></body></html>
        """, "text/html; charset=utf-8", statusCode: (int)status);
}
