using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nguon.Batches;
using Nguon.Domain;
using Nguon.Domain.Log;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>Work the first requests after a start would otherwise pay for, done before the silo reports ready
/// (<see cref="WarmUpHealthCheck"/> on <c>/health/ready</c>): measured on the HTTP benchmark, the first trace after a
/// restart spent about half its time compiling code (≈ 2,000 methods), most of the rest waiting for storage
/// connections to be opened (each a TCP connection and a SCRAM authentication), and competed with the transparency
/// log's first run, which catches up on what the silo before it left. So, in order:
/// <list type="number">
/// <item>the storage connection pool is opened as wide as one fan-out of a trace (<see cref="Fanout.DefaultLimit"/>
/// reads at once, of keys no row has, repeated so Npgsql prepares the read on each connection);</item>
/// <item>the sequencer runs once (the log's catch-up after a restart);</item>
/// <item>the real grains trace and verify <see cref="WarmUpChain"/> — activation, state deserialization, the walk,
/// the verifier, seals, the Merkle DAG — and the answers are written as the API writes them (its JSON options), then
/// those activations are dropped; twice (<see cref="ChainRounds"/>).</item>
/// </list>
/// Nothing is written: the chain lives in <see cref="WarmUpStates"/> only while this runs, its grains refuse to write,
/// and the keys read from the store are keys no row can have. A warm-up that fails or takes longer than
/// <see cref="Limit"/> is logged and the silo reports ready all the same: it only makes the first requests faster.</summary>
public sealed class StartupWarmUp(
    IServiceProvider services, IGrainFactory grains, IRecordSigner signer, WarmUpStates chain, TimeProvider clock,
    IOptions<NguonOptions> settings, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IHostApplicationLifetime lifetime,
    ILogger<StartupWarmUp> logger) : BackgroundService
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Reads a connection takes before Npgsql prepares its statement (its AutoPrepareMinUsages default).</summary>
    private const int ReadsPerConnection = 5;

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the warm-up has finished, failed or run out of time.</summary>
    public Task Finished => finished.Task;

    /// <summary>What the last run did, for the log and for tests.</summary>
    public WarmUpReport? Report { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);
            Report = await RunAsync().WaitAsync(Limit, stoppingToken);
            logger.LogInformation("warm-up: {Total:0} ms — storage pool {Connections} connections in {Pool:0} ms, transparency log "
                + "caught up in {Log:0} ms, warm-up chain traced and verified in {Chain:0} ms; {Methods} methods compiled",
                Report.Total.TotalMilliseconds, Report.Connections, Report.Pool.TotalMilliseconds, Report.Log.TotalMilliseconds,
                Report.Chain.TotalMilliseconds, Report.MethodsCompiled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the warm-up finished.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "warm-up did not finish; the silo serves without it (its first requests are slower)");
        }
        finally
        {
            chain.Clear();
            finished.TrySetResult();
        }
    }

    private async Task<WarmUpReport> RunAsync()
    {
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var clock0 = Stopwatch.StartNew();
        var connections = await OpenStoragePool();
        var pool = clock0.Elapsed;
        await grains.GetGrain<ILogSequencerGrain>(LogSequencerGrain.Key).Tick();
        var log = clock0.Elapsed;
        await TraceWarmUpChain();
        return new WarmUpReport(connections, pool, log - pool, clock0.Elapsed - log, clock0.Elapsed,
            System.Runtime.JitInfo.GetCompiledMethodCount() - methods);
    }

    /// <summary>Reads, <see cref="ReadsPerConnection"/> times, as many absent keys at once as a trace's fan-out reads
    /// rows: the pool then holds that many open connections (capped by the pool's own maximum). Through the ADO.NET
    /// provider itself: the grain storage groups concurrent reads on PostgreSQL (<see cref="GroupedGrainStorage"/>),
    /// which would open one connection, not the pool the provider's writes and reads use.</summary>
    private async Task<int> OpenStoragePool()
    {
        var options = settings.Value;
        var width = options.Storage == StorageKind.Postgres
            ? Math.Min(Fanout.DefaultLimit, new Npgsql.NpgsqlConnectionStringBuilder(options.StorageConnectionString).MaxPoolSize)
            : Fanout.DefaultLimit;
        var provider = services.GetRequiredKeyedService<IGrainStorage>(SiloConfiguration.AdoNetStorageName);
        for (var round = 0; round < ReadsPerConnection; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, width).Select(i => provider.ReadStateAsync("batch",
                CanonicalKeyGrainStorage.StoredId(GrainId.Create("batch", $"{WarmUpChain.Prefix}absent-{i}")),
                new GrainState<BatchState>())));
        }
        return width;
    }

    /// <summary>Rounds of the chain's trace: the first compiles the code; the second, on fresh activations again, runs
    /// it often enough for the runtime to compile its hot methods once more, optimised (tiered compilation), before the
    /// first real request instead of during it.</summary>
    private const int ChainRounds = 2;

    private async Task TraceWarmUpChain()
    {
        var now = clock.GetUtcNow();
        var states = WarmUpChain.States(signer, now);
        for (var round = 0; round < ChainRounds; round++) await TraceWarmUpChain(states, now);
    }

    private async Task TraceWarmUpChain(IReadOnlyDictionary<GrainId, object> states, DateTimeOffset now)
    {
        chain.Load(states);
        var trace = grains.GetGrain<ITraceGrain>(0);
        var graph = Checked(await trace.Backward(WarmUpChain.Merge, Actor.System));
        var scan = Checked(await trace.VerifyPublic(WarmUpChain.Merge, null));
        var full = Checked(await trace.Verify(WarmUpChain.Merge, null, Actor.System));
        // A shopper's scan goes another way (the kept verdict, then its stamp), and every keyed request asks a key grain:
        // measured, both were compiled during the first requests after a start (the first scan: 61–74 ms of JIT, 43–45 after).
        var shopper = Checked(await grains.GetGrain<IScanGrain>(0).Scan(WarmUpChain.Merge, null));
        await grains.GetGrain<IApiKeyGrain>(WarmUpChain.Prefix + "key").Authenticate(WarmUpChain.Prefix + "secret");
        var verdict = ChainVerifier.Verify(graph, signer.HeadCheck(), now);
        if (verdict.Verdict != Verdict.Verified) throw Refused("does not verify", verdict.Reasons);
        var options = json.Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(Stream.Null, graph, options);
        await JsonSerializer.SerializeAsync(Stream.Null, scan, options);
        await JsonSerializer.SerializeAsync(Stream.Null, full, options);
        await JsonSerializer.SerializeAsync(Stream.Null, shopper, options);

        // Drop what was activated: the chain's grains, and the log's index entries of its records (read, absent).
        chain.Clear();
        var activated = graph.Batches.Select(b => GrainId.Create("batch", b.Batch.Code))
            .Concat(graph.FarmLogs.Select(f => GrainId.Create("farm", f.Code)))
            .Concat(graph.CertificateLogs.Select(c => GrainId.Create("certificate", c.Number)))
            .Concat(LogRollback.Heads(graph).Select(h => GrainId.Create("log-record", LogPages.RecordKey(LogLeaf.RecordOf(h.Kind, h.Id)))));
        var management = grains.GetGrain<IManagementGrain>(0);
        var alsoActive = (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId)
            .Where(g => WarmUpChain.IsWarmUpKey(g.Key.ToString()!));
        await Task.WhenAll(activated.Concat(alsoActive).Distinct().Select(g => management.DeactivateGrain(g)));
    }

    private static T Checked<T>(Outcome<T> outcome) => outcome.IsOk ? outcome.Value! : throw Refused("was refused", outcome.Violations);

    private static InvalidOperationException Refused(string what, IEnumerable<Violation> why) =>
        new($"the warm-up chain {what}: {string.Join("; ", why.Select(v => v.Message))}");
}

/// <param name="Connections">Storage connections opened.</param>
/// <param name="MethodsCompiled">Methods the JIT compiled while the warm-up ran (the process's, not only the warm-up's).</param>
public sealed record WarmUpReport(int Connections, TimeSpan Pool, TimeSpan Log, TimeSpan Chain, TimeSpan Total, long MethodsCompiled);

/// <summary>Not ready until the start-up warm-up has finished (or given up): the first requests a load balancer sends
/// then find the code compiled and the storage connections open.</summary>
public sealed class WarmUpHealthCheck(StartupWarmUp warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmUp.Finished.IsCompleted ? HealthCheckResult.Healthy("warmed up") : HealthCheckResult.Unhealthy("warming up"));
}

public static class StartupWarmUpHosting
{
    /// <summary>The warm-up as a hosted service, and readiness held back until it has run.</summary>
    public static IServiceCollection AddStartupWarmUp(this IServiceCollection services)
    {
        services.AddSingleton<StartupWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupWarmUp>());
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up", tags: ["ready"]);
        return services;
    }
}
