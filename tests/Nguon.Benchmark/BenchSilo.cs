using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Silo.Alerts;
using Nguon.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Storage;

namespace Nguon.Benchmark;

/// <summary>One Orleans silo hosted in this process, with Nguon's grain storage on PostgreSQL. Stopping it and
/// starting another on the same ServiceId gives a silo with nothing activated that reads the same rows.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    // One key for the whole run: heads signed before a cold restart verify after it.
    private static readonly IRecordSigner Signer = EcdsaRecordSigner.Ephemeral();

    private readonly IHost host;

    private BenchSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => host.Services;

    /// <param name="inProcessStorage">Diagnostic: keep grain state in this process instead of PostgreSQL.</param>
    /// <param name="telemetry">Set up OpenTelemetry as the silo does (sources, meters, activity propagation) without
    /// exporting, to measure what configured-but-quiet telemetry costs.</param>
    /// <param name="readModel">false: the product's grain storage without its read-model layer (no projections, no sweep),
    /// to measure what projecting costs appends.</param>
    /// <param name="settings">Configuration added last (it wins), e.g. <c>Nguon:Alerts:Interval</c>.</param>
    public static async Task<BenchSilo> StartAsync(NguonOptions options, LogLevel logLevel, bool inProcessStorage = false,
        bool telemetry = false, bool readModel = true, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = [] });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        // The silo binds Nguon:Alerts in AddNguonSettings (NguonHost), which this host does not call: bind it the same way, so
        // the alert evaluator that AddNguonReadModel runs here takes its interval from configuration.
        builder.Services.AddSettings(builder.Configuration, AlertOptions.Section, _ => new AlertOptionsValidator());
        if (telemetry) Nguon.ServiceDefaults.TelemetryDefaults.AddNguonTelemetry(builder.Services, builder.Configuration, "nguon-bench");
        builder.Logging.SetMinimumLevel(logLevel);
        // Orleans 10.4.2's watchdog reports "Participant check thread has not completed for <time since boot>"
        // once after every silo start (a zero start time, not a stall); it would repeat at every cold restart.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.Services.AddSingleton(Signer);
            // The transparency log runs as in the silo: every append goes through an intake shard, and the
            // sequencer signs a checkpoint every interval (the default, 1 s).
            silo.AddNguonLog();
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: options.ServiceId, clusterId: options.ClusterId);
            if (telemetry) silo.AddActivityPropagation();
            if (inProcessStorage)
            {
                var storage = new InProcessGrainStorage();
                silo.Services.AddKeyedSingleton<IGrainStorage>(Storage.Name, (_, _) => storage);
                silo.Services.AddSingleton(TimeProvider.System);
            }
            else
            {
                var hosted = silo.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
                silo.AddNguonGrainStorage(options);
                if (!readModel) WithoutReadModel(silo.Services, options, hosted);
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>The chain <see cref="SiloConfiguration.AddNguonGrainStorage"/> builds on PostgreSQL, less
    /// <c>ReadModelGrainStorage</c> (registered again: the last keyed registration wins), and without the read model's sweep
    /// (the hosted services that call added).</summary>
    private static void WithoutReadModel(IServiceCollection services, NguonOptions options, HashSet<ServiceDescriptor> hosted)
    {
        foreach (var d in services.Where(d => d.ServiceType == typeof(IHostedService) && !hosted.Contains(d)).ToList()) services.Remove(d);
        services.AddKeyedSingleton<IGrainStorage>(Storage.Name, (sp, _) =>
        {
            var adoNet = sp.GetRequiredKeyedService<IGrainStorage>(SiloConfiguration.AdoNetStorageName);
            var serviceId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            IGrainStorage routed = new IdempotencyGrainStorage(adoNet,
                new IdempotencyTable(options.Storage, options.StorageConnectionString, serviceId));
            return new WarmUpGrainStorage(new CanonicalKeyGrainStorage(routed), sp.GetRequiredService<WarmUpStates>());
        });
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
