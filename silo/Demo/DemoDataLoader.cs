using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Nguon.Client;
using Nguon.Client.Demo;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.Demo;

/// <summary>Loads the demo data set through the HTTP API with the typed client, as any user would, once the
/// silo is serving. The demo organisations' keys go to {data folder}/demo-keys.env.</summary>
public sealed class DemoDataLoader(
    BootstrapAdmin bootstrap, IServer server, IHostApplicationLifetime lifetime, IOptions<NguonOptions> options,
    ILogger<DemoDataLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.SetResult()))
            await started.Task.WaitAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var adminKey = await bootstrap.Key;
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var keysFile = Path.Combine(options.Value.DataDirectory, "demo-keys.env");
        try
        {
            foreach (var line in await new DemoData(http, adminKey).LoadAsync(keysFile, stoppingToken))
                logger.LogInformation("demo: {Line}", line);
        }
        catch (Exception e) when (e is NguonApiException or InvalidOperationException or IOException)
        {
            logger.LogError("demo data not loaded: {Message}", e.Message);
        }
    }
}
