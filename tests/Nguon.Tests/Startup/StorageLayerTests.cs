using System.Collections.Concurrent;
using Nguon.Batches;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Orleans.Storage;

namespace Nguon.Tests.Startup;

/// <summary>The two layers the "nguon" storage gained for start-up and SQLite: the warm-up's in-memory grains, which
/// read their state from memory and never write, and the SQLite write queue, which lets one write at a time reach the
/// file while reads go on beside it.</summary>
public sealed class StorageLayerTests
{
    [Fact]
    public async Task A_loaded_warm_up_grain_reads_its_state_from_memory_and_the_store_is_not_asked()
    {
        var inner = new RecordingStorage();
        var states = new WarmUpStates();
        var grain = GrainId.Create("batch", WarmUpChain.Merge);
        states.Load(new Dictionary<GrainId, object> { [grain] = new BatchState { SealedPages = 3, LoggedThrough = 7 } });
        var storage = new WarmUpGrainStorage(inner, states);

        var read = new GrainState<BatchState>();
        await storage.ReadStateAsync("batch", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(WarmUpGrainStorage.ETag, read.ETag);
        Assert.Equal((3, 7), (read.State!.SealedPages, read.State.LoggedThrough));
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Warm_up_grains_never_write_or_clear_and_other_grains_pass_through()
    {
        var inner = new RecordingStorage();
        var states = new WarmUpStates();
        var loaded = GrainId.Create("batch", WarmUpChain.Harvests[0]);
        states.Load(new Dictionary<GrainId, object> { [loaded] = new BatchState() });
        var storage = new WarmUpGrainStorage(inner, states);
        var notLoaded = GrainId.Create("farm", WarmUpChain.Prefix + "anything");

        foreach (var grain in new[] { loaded, notLoaded })
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteStateAsync("s", grain, new GrainState<BatchState>()));
            await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ClearStateAsync("s", grain, new GrainState<BatchState>()));
        }
        Assert.Empty(inner.Calls);

        // A warm-up key with nothing loaded, a real grain, and the chain once cleared all read from the store.
        var real = GrainId.Create("batch", "PS-LN26-H-0001");
        await storage.ReadStateAsync("s", notLoaded, new GrainState<BatchState>());
        await storage.ReadStateAsync("s", real, new GrainState<BatchState>());
        await storage.WriteStateAsync("s", real, new GrainState<BatchState>());
        states.Clear();
        await storage.ReadStateAsync("s", loaded, new GrainState<BatchState>());
        Assert.Equal(new[] { "read " + notLoaded, "read " + real, "write " + real, "read " + loaded }, inner.Calls);
    }

    [Fact]
    public void Only_warm_up_grains_can_be_loaded_and_no_request_can_name_one()
    {
        var states = new WarmUpStates();
        Assert.Throws<ArgumentException>(() =>
            states.Load(new Dictionary<GrainId, object> { [GrainId.Create("batch", "PS-LN26-H-0001")] = new BatchState() }));
        var signer = Nguon.Infrastructure.EcdsaRecordSigner.Ephemeral();
        var chain = WarmUpChain.States(signer, DateTimeOffset.UtcNow);
        Assert.Equal(3 + WarmUpChain.Harvests.Count, chain.Count); // certificate, farm, the harvests, the merge
        Assert.Equal(Nguon.Infrastructure.Fanout.DefaultLimit, WarmUpChain.Harvests.Count);
        Assert.All(chain.Keys, g => Assert.False(Ids.IsValid(g.Key.ToString()), $"{g} would be a valid id"));
        var merge = Assert.IsType<BatchState>(chain[GrainId.Create("batch", WarmUpChain.Merge)]);
        Assert.Equal(WarmUpChain.Harvests, merge.Batch!.Origin.Parents.Select(p => p.Batch));
    }

    [Fact]
    public async Task The_sqlite_queue_lets_one_write_at_a_time_through_in_arrival_order_while_reads_overlap()
    {
        var inner = new RecordingStorage { Hold = TimeSpan.FromMilliseconds(5) };
        var storage = new SerialWriteGrainStorage(inner, new SqliteWriteGate());
        var grains = Enumerable.Range(0, 16).Select(i => GrainId.Create("batch", $"B-{i}")).ToList();

        var writes = grains.Select(g => storage.WriteStateAsync("s", g, new GrainState<BatchState>())).ToList();
        await Task.WhenAll(writes);
        Assert.Equal(1, inner.MostWritesAtOnce);
        Assert.Equal(grains.Select(g => "write " + g), inner.Calls);

        // Reads are not queued: all of them are in the store at once (each waits for the others to arrive).
        inner.ReadsToWaitFor = grains.Count;
        await Task.WhenAll(grains.Select(g => storage.ReadStateAsync("s", g, new GrainState<BatchState>())))
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(grains.Count, inner.MostReadsAtOnce);
    }

    /// <summary>A grain storage that records the calls it gets and how many overlapped.</summary>
    private sealed class RecordingStorage : IGrainStorage
    {
        private readonly ConcurrentQueue<string> calls = new();
        private readonly TaskCompletionSource allReading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int writes, reads;

        public TimeSpan Hold { get; init; }
        /// <summary>Each read waits until this many are in the store at once (0: no waiting).</summary>
        public int ReadsToWaitFor { get; set; }
        public IReadOnlyList<string> Calls => [.. calls];
        public int MostWritesAtOnce { get; private set; }
        public int MostReadsAtOnce { get; private set; }

        public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            calls.Enqueue("read " + grainId);
            var now = Interlocked.Increment(ref reads);
            lock (calls) MostReadsAtOnce = Math.Max(MostReadsAtOnce, now);
            if (ReadsToWaitFor > 0)
            {
                if (now == ReadsToWaitFor) allReading.TrySetResult();
                await allReading.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            Interlocked.Decrement(ref reads);
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            calls.Enqueue("write " + grainId);
            var now = Interlocked.Increment(ref writes);
            lock (calls) MostWritesAtOnce = Math.Max(MostWritesAtOnce, now);
            await Task.Delay(Hold);
            Interlocked.Decrement(ref writes);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            calls.Enqueue("clear " + grainId);
            return Task.CompletedTask;
        }
    }
}
