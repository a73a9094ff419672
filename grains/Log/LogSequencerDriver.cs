using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nguon.Log;

/// <summary>Drives the sequencer every <see cref="LogOptions.CheckpointInterval"/>: SQLite silos have no reminder
/// service, and a timer in the grain would stop with its activation. Every silo runs one; the sequencer is one
/// activation that skips runs too close together, so several drivers cost nothing more.</summary>
public sealed class LogSequencerDriver(IGrainFactory grains, IOptions<LogOptions> options, ILogger<LogSequencerDriver> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<ILogSequencerGrain>(LogSequencerGrain.Key).Tick();
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next tick starts over from what is stored; nothing is lost meanwhile (heads wait in the shards).
                    logger.LogWarning(e, "transparency log: the sequencer's run failed; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}

public static class LogHosting
{
    /// <summary>Runs the transparency log's sequencer in this silo (<paramref name="configure"/>: e.g. a test's interval).</summary>
    public static ISiloBuilder AddNguonLog(this ISiloBuilder silo, Action<LogOptions>? configure = null)
    {
        if (configure is not null) silo.Services.Configure(configure);
        silo.Services.AddHostedService<LogSequencerDriver>();
        return silo;
    }
}
