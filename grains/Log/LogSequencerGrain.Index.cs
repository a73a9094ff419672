using Nguon.Domain.Log;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Log;

// The per-record index (record → its newest leaf), which lets a dossier find a head's leaf without reading the log.
// It costs a write per record indexed, so the sequencer gathers a record's newest leaf over IndexInterval and writes
// it once: a batch written a hundred times meanwhile costs one index write, not a hundred. A dossier waiting for a
// head asks for the next run to write what is gathered (RequestIndex). After a restart the leaves above IndexedUpTo
// are gathered again from the leaf pages; an index update is idempotent.
public sealed partial class LogSequencerGrain
{
    /// <summary>Index entries gathered in memory before a flush is forced.</summary>
    public const int MaxPendingIndex = 4096;
    private const int CatchUpPages = 64;

    private readonly Dictionary<string, LogEntry> pendingIndex = [];
    private long? pendingUpTo; // leaves [IndexedUpTo, pendingUpTo) are in pendingIndex
    private DateTimeOffset lastIndexFlush;
    private bool indexRequested;

    public Task RequestIndex()
    {
        indexRequested = true;
        return Task.CompletedTask;
    }

    private void ForgetPendingIndex()
    {
        pendingIndex.Clear();
        pendingUpTo = null;
    }

    private void Pend(long first, IReadOnlyList<LogLeaf> leaves)
    {
        if ((pendingUpTo ??= state.State.IndexedUpTo) != first) return; // still catching up: the leaf pages have these
        for (var i = 0; i < leaves.Count; i++) pendingIndex[leaves[i].Record] = new LogEntry(first + i, leaves[i]);
        pendingUpTo = first + leaves.Count;
    }

    /// <summary>After a restart, gathers the leaves the index may lack from their pages, a bounded number a run.</summary>
    private async Task CatchUpIndex()
    {
        var from = pendingUpTo ??= state.State.IndexedUpTo;
        var size = state.State.TreeSize;
        if (from >= size) return;
        var to = Math.Min(size, (from / Tree.PageSize + CatchUpPages) * Tree.PageSize);
        var pages = Enumerable.Range(0, (int)((to - 1) / Tree.PageSize - from / Tree.PageSize + 1))
            .Select(i => from / Tree.PageSize + i).ToList();
        var read = await Fanout.Map(pages, p => grains.GetGrain<ILogLeafPageGrain>(LogPages.LeafKey(p)).Get());
        var leaves = pages.SelectMany((p, i) => read[i].Select((leaf, j) => (Index: p * Tree.PageSize + j, Leaf: leaf)))
            .Where(x => x.Index >= from && x.Index < to).Select(x => x.Leaf).ToList();
        if (leaves.Count != to - from) throw new InvalidOperationException($"leaf pages hold {leaves.Count} of leaves {from}–{to - 1}");
        Pend(from, leaves);
    }

    /// <summary>Writes the gathered entries when asked, when IndexInterval has passed, or when many are gathered.</summary>
    private async Task FlushIndex()
    {
        var now = clock.GetUtcNow();
        if (pendingUpTo is not { } upTo || upTo < state.State.TreeSize || upTo == state.State.IndexedUpTo) return;
        if (!indexRequested && now - lastIndexFlush < options.Value.IndexInterval && pendingIndex.Count < MaxPendingIndex) return;
        var entries = pendingIndex.Values.ToList();
        await Fanout.Each(entries, e => grains.GetGrain<ILogRecordIndexGrain>(LogPages.RecordKey(e.Leaf.Record)).Update(e));
        pendingIndex.Clear();
        state.State.IndexedUpTo = upTo; // stored with the next state write; a restart gathers these leaves again
        lastIndexFlush = now;
        indexRequested = false;
    }
}
