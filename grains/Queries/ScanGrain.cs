using Nguon.Model;
using Orleans.Concurrency;

namespace Nguon.Queries;

/// <summary>A shopper's scan: the lot's kept verdict (<see cref="PublicVerdictGrain"/>) and two cheap reads that say
/// whether it still holds. A stateless worker of its own, so no silo funnels scans through one activation, and apart
/// from the trace grain that judges a verdict (a scan waiting on a judgement must not hold a trace worker).</summary>
[StatelessWorker]
[GrainType("scan")]
public sealed class ScanGrain(IGrainFactory grains) : Grain, IScanGrain
{
    public async Task<Outcome<PublicVerdict>> Scan(string batchCode, string? claimedGi)
    {
        if (TraceGrain.BadClaim(claimedGi) is { } bad) return bad.As<PublicVerdict>();
        var kept = grains.GetGrain<IPublicVerdictGrain>(batchCode);
        var verdict = await kept.Get(claimedGi);
        if (!verdict.IsOk) return verdict;
        // The lot's event count and the judged certificate's version (its status changes and its farms' authorisation
        // changes), read in parallel.
        var stamp = verdict.Value!.Stamp;
        var events = grains.GetGrain<IBatchGrain>(batchCode).GetEventCount();
        var certificate = verdict.Value.Verification.GiNumber is { } gi
            ? grains.GetGrain<ICertificateGrain>(gi).GetVersion()
            : Task.FromResult<CertificateVersion>(null!);
        await Task.WhenAll(events, certificate);
        return stamp == new VerdictStamp(events.Result ?? -1, certificate.Result) ? verdict : await kept.Refresh(claimedGi, stamp);
    }
}
