using System.Diagnostics;
using System.Globalization;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>Records every state-changing API request — and every refused one — in the acting organisation's
/// audit trail for the day, after the response is decided (written by <see cref="AuditBuffer"/>).</summary>
public sealed class AuditTrail(RequestDelegate next, AuditBuffer buffer, TimeProvider clock)
{
    /// <summary>An organisation's day is spread over this many log grains, so a busy packer's writes are not
    /// serialised behind one audit grain (no single grain on the write path).</summary>
    public const int Shards = 8;

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Key(string organisation, string day, int shard) => $"{organisation}/{day}/{shard}";

    /// <summary>The whole trail of an organisation's day, oldest first, for whoever may read it: each shard grain
    /// checks the reader (Permissions.ReadAudit) and the first refusal is the answer.</summary>
    public static async Task<Outcome<IReadOnlyList<AuditEntry>>> Read(IGrainFactory grains, string organisation, string day, Actor reader)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards)
            .Select(i => grains.GetGrain<IAuditLogGrain>(Key(organisation, day, i)).Read(reader)));
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
        if (!http.Request.Path.StartsWithSegments("/api") || !(write || refused)) return;
        var actor = http.Actor();
        var now = clock.GetUtcNow();
        var entry = new AuditEntry(now, actor.Organisation, http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value,
            http.Request.Method, http.Request.Path.Value ?? "", status, Activity.Current?.TraceId.ToString());
        // Handed to the group commit (AuditBuffer), which writes it within one flush.
        await buffer.Add(Key(actor.Organisation, Day(now), Random.Shared.Next(Shards)), entry);
    }
}
