using Microsoft.Extensions.DependencyInjection;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Nguon.Tests.Log;

/// <summary>A test cluster of its own for the log's grain tests: in-memory storage behind <see cref="FaultyStorage"/>,
/// which fails chosen writes (before or after storing), the sequencer driven every 250 ms, and a signer the tests can
/// check signatures with.</summary>
public sealed class LogClusterFixture : IAsyncLifetime
{
    public static readonly EcdsaRecordSigner Signer = EcdsaRecordSigner.Ephemeral();

    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.GrainFactory;
    public ILogQueryGrain Query => Grains.GetGrain<ILogQueryGrain>(0);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<Silo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Polls (bounded) until every head is in a published checkpoint; returns their proofs.</summary>
    public async Task<HeadProofs> Logged(IReadOnlyList<ChainHead> heads, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var proofs = await Query.Prove(heads);
            if (proofs.Missing.Count == 0) return proofs;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{proofs.Missing.Count} of {heads.Count} heads are not in a checkpoint, e.g. {proofs.Missing[0]}");
            await Task.Delay(50); // polling interval
        }
    }

    /// <summary>Every leaf below the newest checkpoint's size.</summary>
    public async Task<(LogCheckpoint Checkpoint, List<LogEntry> Leaves)> Everything()
    {
        var checkpoint = await Query.Latest() ?? throw new InvalidOperationException("no checkpoint yet");
        var starts = Enumerable.Range(0, (int)((checkpoint.TreeSize + LogQueryGrain.MaxLeaves - 1) / LogQueryGrain.MaxLeaves))
            .Select(i => (long)i * LogQueryGrain.MaxLeaves).ToList();
        var pages = await Task.WhenAll(starts.Select(s => Query.Leaves(s, LogQueryGrain.MaxLeaves)));
        var leaves = pages.SelectMany(p => p.Value!).Where(e => e.Index < checkpoint.TreeSize).ToList();
        Assert.Equal(Enumerable.Range(0, (int)checkpoint.TreeSize).Select(i => (long)i), leaves.Select(e => e.Index));
        return (checkpoint, leaves);
    }

    private sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            // The silo's own JSON for state, so that a state read back after a failed write reads as it would there.
            silo.AddMemoryGrainStorage("log-test-memory", o => o.GrainStorageSerializer = new Nguon.Silo.Hosting.JsonGrainStorageSerializer());
            silo.Services.AddKeyedSingleton<IGrainStorage>(Storage.Name,
                (sp, _) => new FaultyStorage(sp.GetRequiredKeyedService<IGrainStorage>("log-test-memory")));
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<IRecordSigner>(Signer);
            silo.AddNguonLog(o => o.CheckpointInterval = TimeSpan.FromMilliseconds(250));
        }
    }
}

/// <summary>Grain storage that fails the next writes a test arms, for one grain type: before storing (the write is
/// lost) or after (stored, but the writer is told it failed, as when a connection drops at the commit).</summary>
public sealed class FaultyStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly object Gate = new();
    private static readonly List<Fault> Armed = [];

    private static readonly Dictionary<string, long> Writes = [];

    private sealed class Fault(string grainType, bool afterStoring, int skip)
    {
        public string GrainType { get; } = grainType;
        public bool AfterStoring { get; } = afterStoring;
        public int Skip { get; set; } = skip;
        public bool Fired { get; set; }
    }

    /// <summary>Fails a write of a grain of <paramref name="grainType"/>, the next but <paramref name="skip"/>; the handle
    /// says whether it fired.</summary>
    public static Func<bool> Arm(string grainType, bool afterStoring, int skip = 0)
    {
        var fault = new Fault(grainType, afterStoring, skip);
        lock (Gate) Armed.Add(fault);
        return () =>
        {
            lock (Gate) return fault.Fired;
        };
    }

    private static readonly Dictionary<string, TimeSpan> Delays = [];

    /// <summary>Makes every write of a grain of <paramref name="grainType"/> take <paramref name="delay"/> longer (a
    /// database's commit) until the handle is disposed.</summary>
    public static IDisposable Slow(string grainType, TimeSpan delay)
    {
        lock (Gate) Delays[grainType] = delay;
        return new Undo(() =>
        {
            lock (Gate) Delays.Remove(grainType);
        });
    }

    private static readonly Dictionary<string, int> Blocked = [];

    /// <summary>Fails every write of a grain of <paramref name="grainType"/> before storing (a database that cannot be
    /// reached) until the handle is disposed.</summary>
    public static IDisposable Block(string grainType)
    {
        lock (Gate) Blocked[grainType] = 0;
        return new Undo(() =>
        {
            lock (Gate) Blocked.Remove(grainType);
        });
    }

    /// <summary>Writes of <paramref name="grainType"/> refused by the current <see cref="Block"/>.</summary>
    public static int BlockedWrites(string grainType)
    {
        lock (Gate) return Blocked.GetValueOrDefault(grainType);
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>Writes (attempted) of grains of <paramref name="grainType"/> so far.</summary>
    public static long WritesOf(string grainType)
    {
        lock (Gate) return Writes.GetValueOrDefault(grainType);
    }

    private static Fault? Take(GrainId grain)
    {
        var type = grain.Type.ToString()!;
        lock (Gate)
        {
            Writes[type] = Writes.GetValueOrDefault(type) + 1;
            var fault = Armed.FirstOrDefault(f => !f.Fired && f.GrainType == type);
            if (fault is null) return null;
            if (fault.Skip-- > 0) return null;
            fault.Fired = true;
            return fault;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (Gate)
        {
            var type = grainId.Type.ToString()!;
            if (Blocked.TryGetValue(type, out var refused))
            {
                Blocked[type] = refused + 1;
                throw new IOException($"injected: {type} cannot be written");
            }
        }
        var fault = Take(grainId);
        TimeSpan delay;
        lock (Gate) delay = Delays.GetValueOrDefault(grainId.Type.ToString()!);
        if (delay > TimeSpan.Zero) await Task.Delay(delay);
        if (fault is { AfterStoring: false }) throw new IOException($"injected: the write of {grainId} was lost");
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (fault is { AfterStoring: true }) throw new IOException($"injected: {grainId} was stored but its writer is told it failed");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
