using Microsoft.Extensions.Options;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Epcis;

/// <summary>Every Nguon event is also in the EPCIS repository (GET /epcis/events), in the form the export gives it, with its
/// hash ID as eventID and the time it was projected as recordTime. The read model writes each event pending
/// (rm_events.epcis_pending) before its write is acknowledged; this service on each silo takes pending rows in passes
/// (<see cref="EpcisEventStore.Project"/>) every <see cref="ReadModelOptions.EpcisInterval"/>, off the write path. A row whose
/// form cannot be made stays pending and is tried again after <see cref="RetryDelay"/>, without holding up the others: passes
/// go on after the last row taken and start over once they reach the end.</summary>
public sealed class EpcisProjector(EpcisEventStore store, NguonEventForms forms, IOptions<ReadModelOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<EpcisProjector> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<PendingEvent, DateTimeOffset> retryAfter = [];
    private PendingEvent? after;

    /// <summary>The last pass of this silo that found pending rows, for tests and diagnostics.</summary>
    public ProjectionPass? Last { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.PeriodicPasses.Run(lifetime, clock, options.Value.EpcisInterval, async cancellationToken =>
        {
            while (await Pass(cancellationToken)) { }
        }, e =>
        {
            after = null;
            logger.LogWarning(e, "EPCIS projection: a pass failed; the next one runs in {Interval}", options.Value.EpcisInterval);
        }, stoppingToken);

    /// <summary>One pass; true when it was full (more rows may be pending after it).</summary>
    private async Task<bool> Pass(CancellationToken cancellationToken)
    {
        var limit = options.Value.EpcisBatch;
        var pass = await store.Project(limit, after, Forms, cancellationToken);
        if (pass.Taken > 0) Last = pass;
        after = pass.Taken == limit ? pass.Last : null;
        return pass.Taken == limit;
    }

    private async Task<ProjectionForms> Forms(IReadOnlyList<PendingEvent> pending)
    {
        var now = clock.GetUtcNow();
        var due = pending.Where(p => !retryAfter.TryGetValue(p, out var at) || at <= now).ToList();
        var made = due.Zip(await forms.Of(due, now)).ToDictionary(x => x.First, x => x.Second);
        var failed = made.Where(m => m.Value is null).Select(m => m.Key).ToList();
        foreach (var p in made.Keys) retryAfter.Remove(p);
        if (failed.Count > 0)
        {
            if (retryAfter.Count + failed.Count > MaxRemembered) retryAfter.Clear();
            foreach (var p in failed) retryAfter[p] = now + RetryDelay;
            logger.LogWarning("EPCIS projection: {Count} events have no EPCIS form yet (first: {Batch} event {Sequence}); they stay "
                + "pending and are tried again in {Delay}", failed.Count, failed[0].Batch, failed[0].Sequence, RetryDelay);
        }
        return new(now, [.. pending.Select(p => made.GetValueOrDefault(p))]);
    }
}
