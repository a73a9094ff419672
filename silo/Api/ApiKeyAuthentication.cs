using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.Api;

/// <summary>Bearer API keys: the token's key id names its key grain, which checks the secret's hash and
/// answers with the organisation and its roles. Nothing is cached, so a revoked key fails on its next use. The key
/// id is parsed in its one spelling (lower case), so an upper-case token reaches the same grain, never another.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string OrganisationClaim = "nguon:org";
    public const string KeyIdClaim = "nguon:key";
    public const string CodeSpaceClaim = "nguon:code-space";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header) && OperatorsDashboard.CookieToken(Request) is { Length: > 0 } kept) header = "Bearer " + kept;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !ApiKeys.TryParse(header["Bearer ".Length..].Trim(), out var keyId, out var secret))
            return AuthenticateResult.Fail("the Authorization header is not a Nguon API key (Bearer ngn_…)");
        var actor = await grains.GetGrain<IApiKeyGrain>(keyId).Authenticate(ApiKeys.Hash(secret));
        if (actor is null) return AuthenticateResult.Fail("the API key is unknown or revoked");
        var claims = new List<Claim> { new(OrganisationClaim, actor.Organisation), new(KeyIdClaim, keyId) };
        claims.AddRange((actor.Roles ?? []).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        if (actor.CodeSpace is { } space) claims.Add(new(CodeSpaceClaim, space));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Path.StartsWithSegments(OperatorsDashboard.Path))
        {
            // A browser opening the dashboard is sent to its login page, not given a problem document.
            Response.Redirect(OperatorsDashboard.Path + "/login");
            return;
        }
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiResults.Problem(StatusCodes.Status401Unauthorized,
            [new Violation("auth.unauthenticated", failure ?? "this request needs an API key: send Authorization: Bearer ngn_…")])
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiResults.Problem(StatusCodes.Status403Forbidden, [new Violation(Permissions.Rule, "this API key may not do that")])
            .ExecuteAsync(Context);
}
