namespace Nguon.Silo.Demo;

/// <summary>Loads the demo data set once the silo is up (skipped when it is already there).</summary>
public sealed class DemoDataLoader(IGrainFactory grains, ILogger<DemoDataLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loaded = await new DemoData(grains).LoadAsync();
        foreach (var line in loaded) logger.LogInformation("demo: {Line}", line);
    }
}
