using Microsoft.Extensions.Options;

namespace Nguon.Silo.ReadModel;

/// <summary>Each silo sweeps the read model at start and every <see cref="ReadModelOptions.SweepInterval"/>
/// (<see cref="ReadModelRepair.Sweep"/>), so records a silo failed to project — it died between a grain write and its
/// projection, or the database refused the projection — converge without anyone asking. Sweeps of several silos may
/// overlap: each projection is version-guarded, so that costs work, not correctness.</summary>
public sealed class ReadModelSweeper(ReadModelRepair repair, IOptions<ReadModelOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<ReadModelSweeper> logger) : BackgroundService
{
    /// <summary>The last sweep this silo finished, for the status endpoint and tests.</summary>
    public RepairReport? Last { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.PeriodicPasses.Run(lifetime, clock, options.Value.SweepInterval, async cancellationToken =>
        {
            Last = await repair.Sweep(cancellationToken);
            if (Last.Fixed > 0)
                logger.LogWarning("read model: the sweep projected {Fixed} records that were behind their grains ({Kinds})", Last.Fixed,
                    string.Join(", ", Last.Kinds.Where(k => k.Missing + k.Different + k.Extra > 0)
                        .Select(k => $"{k.Kind}: {k.Missing} missing, {k.Different} stale, {k.Extra} gone")));
        }, e => logger.LogWarning(e, "read model: the sweep failed; the next one runs in {Interval}", options.Value.SweepInterval),
            stoppingToken);
}
