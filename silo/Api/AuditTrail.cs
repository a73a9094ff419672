using System.Diagnostics;
using Nguon.Domain.Organisations;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Silo.Api;

/// <summary>Records every state-changing API request — and every refused one — of an authenticated organisation in its
/// audit trail for the day, after the response is decided (written by <see cref="AuditBuffer"/>). A request with no
/// authenticated organisation (no key, an unknown or revoked one) is counted (<c>nguon.http.anonymous_refusals</c>),
/// never stored: whoever holds no key cannot make the silo write.</summary>
public sealed class AuditTrail(RequestDelegate next, AuditBuffer buffer, TimeProvider clock)
{
    public static string Day(DateTimeOffset at) => AuditRules.Day(at);

    /// <summary>The whole trail of an organisation's day, oldest first, for whoever may read it: each shard grain
    /// checks the reader (Permissions.ReadAudit) and the first refusal is the answer.</summary>
    public static async Task<Outcome<IReadOnlyList<AuditEntry>>> Read(IGrainFactory grains, string organisation, string day, Actor reader)
    {
        var shards = await Task.WhenAll(AuditRules.ShardKeys(organisation, day)
            .Select(k => grains.GetGrain<IAuditLogGrain>(k).Read(reader)));
        return shards.FirstOrDefault(s => !s.IsOk)
            ?? Outcome<IReadOnlyList<AuditEntry>>.Ok([.. shards.SelectMany(s => s.Value!).OrderBy(e => e.At)]);
    }

    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e)
        {
            // Requests that fail by exception (unreadable body, write conflict, a fault) are audited with the status
            // the exception handler will answer, then the exception goes on to it.
            await Record(http, e switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                Orleans.Storage.InconsistentStateException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status500InternalServerError,
            });
            throw;
        }
        await Record(http, http.Response.StatusCode);
    }

    private async Task Record(HttpContext http, int status)
    {
        var method = http.Request.Method;
        var write = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
        var refused = status is 401 or 403;
        // EPCIS captures are writes too: they apply Nguon commands (silo/Epcis/EpcisApply.cs).
        if (!(http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/epcis")) || !(write || refused))
            return;
        if (http.User.FindFirst(ApiKeyAuthentication.OrganisationClaim) is null)
        {
            NguonTelemetry.AnonymousRefusals.Add(1, new KeyValuePair<string, object?>("status", status));
            return;
        }
        var actor = http.Actor();
        var now = clock.GetUtcNow();
        var entry = new AuditEntry(now, actor.Organisation, http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value,
            AuditRules.Cut(method, AuditRules.MaxMethodLength), AuditRules.Cut(http.Request.Path.Value ?? "", AuditRules.MaxPathLength),
            status, Activity.Current?.TraceId.ToString());
        // Handed to the group commit (AuditBuffer), which writes it within one flush.
        await buffer.Add(AuditRules.Key(actor.Organisation, Day(now), Random.Shared.Next(AuditRules.Shards)), entry);
    }
}
