using Nguon.Domain.Log;
using Nguon.Infrastructure;
using Nguon.Model;
using Orleans.Concurrency;

namespace Nguon.Log;

/// <summary>Answers reads of the log from its pages, bounded by the newest published checkpoint (leaves beyond it
/// may still change). A stateless worker: reads never queue on one grain; the newest checkpoint is asked of the
/// sequencer at most every <see cref="LatestFor"/>.</summary>
[StatelessWorker, GrainType("log-query")]
public sealed class LogQueryGrain(IGrainFactory grains, TimeProvider clock) : Grain, ILogQueryGrain
{
    /// <summary>Leaves one request may list (the HTTP API's page).</summary>
    public const int MaxLeaves = 1000;
    public static readonly TimeSpan LatestFor = TimeSpan.FromMilliseconds(200);
    private static readonly LogTree Tree = LogTree.Default;

    private (LogCheckpoint? Checkpoint, long Count) latest;
    private DateTimeOffset latestAt = DateTimeOffset.MinValue;

    private async Task<(LogCheckpoint? Checkpoint, long Count)> Published()
    {
        if (clock.GetUtcNow() - latestAt < LatestFor) return latest;
        latest = await grains.GetGrain<ILogSequencerGrain>(LogSequencerGrain.Key).Latest();
        latestAt = clock.GetUtcNow();
        return latest;
    }

    private async Task<long> Size() => (await Published()).Checkpoint?.TreeSize ?? 0;

    public async Task<LogCheckpoint?> Latest() => (await Published()).Checkpoint;

    public async Task<CheckpointPage> Checkpoints(int page)
    {
        var count = (await Published()).Count;
        var pages = (int)((count + Tree.PageSize - 1) / Tree.PageSize);
        if (page < 0 || page >= pages) return new CheckpointPage(page, pages, []);
        var stored = await CheckpointPage(page);
        return new CheckpointPage(page, pages, [.. stored.Take((int)Math.Min(Tree.PageSize, count - (long)page * Tree.PageSize))]);
    }

    public async Task<LogCheckpoint?> CheckpointOf(long treeSize)
    {
        var (newest, count) = await Published();
        if (newest is null || treeSize <= 0 || treeSize > newest.TreeSize) return null;
        if (newest.TreeSize == treeSize) return newest;
        // Sizes grow with every checkpoint: binary search over the pages, then within one.
        long low = 0, high = (count - 1) / Tree.PageSize;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var first = await CheckpointPage(middle);
            if (first.Count > 0 && first[0].TreeSize <= treeSize) low = middle;
            else high = middle - 1;
        }
        return (await CheckpointPage(low)).FirstOrDefault(c => c.TreeSize == treeSize);
    }

    private Task<IReadOnlyList<LogCheckpoint>> CheckpointPage(long page) =>
        grains.GetGrain<ILogCheckpointPageGrain>(LogPages.CheckpointKey(page)).Get();

    public async Task<Outcome<IReadOnlyList<LogEntry>>> Leaves(long start, int count)
    {
        var size = await Size();
        if (size == 0) return Empty<IReadOnlyList<LogEntry>>();
        if (count is < 1 or > MaxLeaves) return Refused<IReadOnlyList<LogEntry>>($"count must be 1–{MaxLeaves} (got {count})");
        if (start < 0 || start >= size) return Refused<IReadOnlyList<LogEntry>>($"start must be a leaf index below the tree size {size}");
        var end = Math.Min(size, start + count);
        var pages = Enumerable.Range(0, (int)((end - 1) / Tree.PageSize - start / Tree.PageSize + 1))
            .Select(i => start / Tree.PageSize + i).ToList();
        var reader = new LogPageReader(grains);
        var read = await Fanout.Map(pages, reader.Leaves);
        var entries = pages.SelectMany((p, i) => read[i].Select((leaf, j) => new LogEntry(p * Tree.PageSize + j, leaf)))
            .Where(e => e.Index >= start && e.Index < end).ToList();
        return Outcome<IReadOnlyList<LogEntry>>.Ok(entries);
    }

    public async Task<Outcome<InclusionProof>> Inclusion(long leafIndex, long treeSize)
    {
        var size = await Size();
        if (size == 0) return Empty<InclusionProof>();
        if (treeSize < 1 || treeSize > size)
            return Refused<InclusionProof>($"size must be 1–{size}, the newest checkpoint's (got {treeSize})");
        if (leafIndex < 0 || leafIndex >= treeSize)
            return Refused<InclusionProof>($"index must be below the size {treeSize} (got {leafIndex})");
        var path = await new LogPageReader(grains).InclusionPath(leafIndex, treeSize);
        return Outcome<InclusionProof>.Ok(new InclusionProof(leafIndex, treeSize, path));
    }

    public async Task<Outcome<ConsistencyProof>> Consistency(long first, long second)
    {
        var size = await Size();
        if (size == 0) return Empty<ConsistencyProof>();
        if (second < 1 || second > size)
            return Refused<ConsistencyProof>($"second must be 1–{size}, the newest checkpoint's size (got {second})");
        if (first < 1 || first > second) return Refused<ConsistencyProof>($"first must be 1–{second}, the second size (got {first})");
        var path = await new LogPageReader(grains).RangeHashes(Merkle.ConsistencyRanges(first, second));
        return Outcome<ConsistencyProof>.Ok(new ConsistencyProof(first, second, path));
    }

    public async Task<HeadProofs> Prove(IReadOnlyList<ChainHead> heads)
    {
        var checkpoint = (await Published()).Checkpoint;
        var found = await Fanout.Map(heads, h =>
            grains.GetGrain<ILogRecordIndexGrain>(LogPages.RecordKey(LogLeaf.RecordOf(h.Kind, h.Id))).Get());
        var missing = heads
            .Where((h, i) => checkpoint is null || found[i] is not { } e || !e.Leaf.IsOf(h) || e.Index >= checkpoint.TreeSize).ToList();
        if (missing.Count > 0 || checkpoint is null)
        {
            // Their leaves may be appended and only gathered for the index: have the next run write it.
            await grains.GetGrain<ILogSequencerGrain>(LogSequencerGrain.Key).RequestIndex();
            return new HeadProofs(checkpoint, [], missing);
        }
        var reader = new LogPageReader(grains);
        var proven = await Fanout.Map(Enumerable.Range(0, heads.Count).ToList(), async i =>
        {
            var (head, entry) = (heads[i], found[i]!);
            var path = await reader.InclusionPath(entry.Index, checkpoint.TreeSize);
            return new LoggedHead(head.Kind, head.Id, head.Sequence, head.Hash, entry.Index, entry.Leaf.Time, path);
        });
        return new HeadProofs(checkpoint, proven, []);
    }

    private static Outcome<T> Refused<T>(string message) => Outcome<T>.Rejected("input.log", message);

    private static Outcome<T> Empty<T>() => Outcome<T>.NotFound("log.empty", "the log has no signed checkpoint yet");
}
