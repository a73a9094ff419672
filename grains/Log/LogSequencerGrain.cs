using System.Buffers.Text;
using Microsoft.Extensions.Options;
using Nguon.Domain.Log;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Log;

/// <summary>Persisted state of the sequencer. Bounded: sizes, one cursor per intake shard, an append in progress
/// (<see cref="Plan"/>: cursors only) and the newest checkpoint. Leaves and hashes are in page grains.</summary>
public sealed class LogSequencerState
{
    public long TreeSize { get; set; }
    /// <summary>Per intake shard, the position of the next entry to append.</summary>
    public List<long> Cursors { get; set; } = [];
    /// <summary>An append decided and not finished: which entries of each shard become leaves TreeSize onwards.</summary>
    public LogPlan? Plan { get; set; }
    public LogCheckpoint? Latest { get; set; }
    public long Checkpoints { get; set; }
    /// <summary>Checkpoints in checkpoint pages; the newest may be missing after a crash (it is in Latest).</summary>
    public long CheckpointsStored { get; set; }
    /// <summary>Leaves below this are in the per-record index (the sequencer holds the next ones in memory a while, so
    /// that a record written many times between flushes is indexed once).</summary>
    public long IndexedUpTo { get; set; }
}

public sealed record LogPlan(List<long> From, List<long> To);

/// <summary>The log's one writer, off every record's write path: a tick drains the intake shards, appends their
/// heads as leaves, signs a checkpoint, then lets the shards drop what it appended and indexes the new leaves.</summary>
/// <remarks>A crash anywhere loses and duplicates nothing. The drain is decided first and stored as a plan (cursors);
/// entries at given shard positions never change, so a restarted tick rebuilds exactly the same leaves. Pages are
/// written before the state that counts their leaves, and nothing is read beyond the last committed size; a second
/// activation (a cluster partition) fails on the stored state's version before it writes a page.</remarks>
[GrainType("log-sequencer")]
public sealed partial class LogSequencerGrain(
    [PersistentState("sequencer", Storage.Name)] IPersistentState<LogSequencerState> state,
    IGrainFactory grains,
    IRecordSigner signer,
    IOptions<LogOptions> options,
    TimeProvider clock) : Grain, ILogSequencerGrain
{
    public const string Key = "log-sequencer";
    /// <summary>Entries taken from one shard in one tick: a tick's work stays bounded after an outage.</summary>
    public const int MaxPerShard = 4096;

    private static readonly LogTree Tree = LogTree.Default;
    private TreeTails? tails;
    private (LogCheckpoint? Checkpoint, long Count)? published;
    private DateTimeOffset lastTick = DateTimeOffset.MinValue;

    public Task<(LogCheckpoint? Checkpoint, long Count)> Latest() =>
        Task.FromResult(published ??= (state.State.Latest, state.State.Checkpoints));

    public async Task Tick()
    {
        // Every silo drives the sequencer; runs closer together than half the interval add nothing.
        if (clock.GetUtcNow() - lastTick < options.Value.CheckpointInterval / 2) return;
        try
        {
            await Run();
        }
        catch
        {
            // Memory may be ahead of storage: start the next tick from what is stored.
            tails = null;
            await state.ReadStateAsync();
            published = null;
            ForgetPendingIndex();
            throw;
        }
        finally
        {
            lastTick = clock.GetUtcNow();
        }
    }

    private async Task Run()
    {
        var s = state.State;
        while (s.Cursors.Count < HeadLog.Shards) s.Cursors.Add(0);
        tails ??= await LoadTails(s.TreeSize);
        await StoreCheckpoint();
        await CatchUpIndex();
        await Append();
        await FlushIndex();
    }

    /// <summary>Drains the shards into the tree and signs a checkpoint, if they hold anything.</summary>
    private async Task Append()
    {
        var s = state.State;
        var plan = s.Plan;
        var shards = Enumerable.Range(0, HeadLog.Shards).ToList();
        IReadOnlyList<IntakeEntry>[] drained;
        if (plan is null)
        {
            drained = await Fanout.Map(shards, i => Shard(i).Read(s.Cursors[i], MaxPerShard));
            if (drained.All(d => d.Count == 0)) return;
            plan = new LogPlan([.. s.Cursors], [.. shards.Select(i => s.Cursors[i] + drained[i].Count)]);
            s.Plan = plan;
            await state.WriteStateAsync();
        }
        else
        {
            drained = await Fanout.Map(shards, i => Shard(i).Read(plan.From[i], (int)(plan.To[i] - plan.From[i])));
            if (shards.Any(i => drained[i].Count != plan.To[i] - plan.From[i]))
                throw new InvalidOperationException("an intake shard no longer holds the entries of the planned append");
        }

        // Shard by shard, each in its own order: a record's heads stay in the order it wrote them.
        var leaves = drained.SelectMany(d => d.Select(e => LogLeaf.Of(e.Head, e.Time))).ToList();
        var first = s.TreeSize;
        var tree = tails!; // loaded by Run
        var writes = tree.Append([.. leaves.Select(l => MerkleHash.Leaf(l.Bytes()))]);
        await Fanout.Each(writes, w => WritePage(w, leaves, first));
        var checkpoint = Sign(tree.Size, Convert.ToHexStringLower(tree.Root()));

        s.TreeSize = tree.Size;
        s.Cursors = plan.To;
        s.Plan = null;
        s.Latest = checkpoint;
        s.Checkpoints++;
        await state.WriteStateAsync();
        published = (checkpoint, s.Checkpoints);

        await StoreCheckpoint();
        await Fanout.Each(shards, i => Shard(i).Acknowledge(s.Cursors[i]));
        Pend(first, leaves);
    }

    private LogCheckpoint Sign(long size, string root)
    {
        var time = LogLeaf.Truncate(clock.GetUtcNow());
        var signature = signer.Sign(LogCheckpoint.SignedBytes(size, root, time));
        return new LogCheckpoint(size, root, time, signer.KeyId, Base64Url.EncodeToString(signature));
    }

    private Task WritePage(PageWrite write, IReadOnlyList<LogLeaf> leaves, long first)
    {
        if (write.Level > 0)
            return grains.GetGrain<ILogNodePageGrain>(LogPages.NodeKey(write.Level, write.Page))
                .Put(write.Offset, [.. write.Entries.Select(Convert.ToHexStringLower)]);
        var start = write.Page * Tree.PageSize + write.Offset - first;
        return grains.GetGrain<ILogLeafPageGrain>(LogPages.LeafKey(write.Page))
            .Put(write.Offset, [.. leaves.Skip((int)start).Take(write.Entries.Count)]);
    }

    /// <summary>The newest checkpoint into its page (again after a crash between the commit and the page write).</summary>
    private async Task StoreCheckpoint()
    {
        var s = state.State;
        if (s.CheckpointsStored >= s.Checkpoints || s.Latest is null) return;
        var slot = s.Checkpoints - 1;
        await grains.GetGrain<ILogCheckpointPageGrain>(LogPages.CheckpointKey(slot / Tree.PageSize))
            .Put((int)(slot % Tree.PageSize), s.Latest);
        s.CheckpointsStored = s.Checkpoints; // stored with the next state write; a restart puts it again
    }

    private async Task<TreeTails> LoadTails(long size)
    {
        var levels = Enumerable.Range(0, Tree.Levels(size)).ToList();
        var entries = await Fanout.Map(levels, async level =>
        {
            var (page, count) = Tree.Tail(size, level);
            if (count == 0) return (IReadOnlyList<byte[]>)[];
            if (level == 0)
            {
                var stored = await grains.GetGrain<ILogLeafPageGrain>(LogPages.LeafKey(page)).Get();
                return [.. stored.Take(count).Select(l => MerkleHash.Leaf(l.Bytes()))];
            }
            var hashes = await grains.GetGrain<ILogNodePageGrain>(LogPages.NodeKey(level, page)).Get();
            return [.. hashes.Take(count).Select(Convert.FromHexString)];
        });
        return new TreeTails(Tree, size, entries);
    }

    private ILogIntakeGrain Shard(int shard) => grains.GetGrain<ILogIntakeGrain>(HeadLog.ShardKey(shard));
}
