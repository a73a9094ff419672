using Nguon.Infrastructure;
using Nguon.Model;
using Orleans.Concurrency;

namespace Nguon.Log;

/// <summary>Persisted state of an intake shard. Bounded: entries at positions from <c>SealedChunks × ChunkSize</c> on
/// (fewer than <see cref="LogIntakeGrain.ChunkSize"/>); older ones are in chunk grains until acknowledged.</summary>
public sealed class LogIntakeState
{
    public int SealedChunks { get; set; }
    public List<IntakeEntry> Open { get; set; } = [];
    /// <summary>Entries below this position are in the log (chunks wholly below it are cleared).</summary>
    public long Acknowledged { get; set; }
}

public sealed class LogIntakeChunkState
{
    public List<IntakeEntry> Entries { get; set; } = [];
}

/// <summary>An intake shard: stores submitted heads before answering, so an acknowledged head is never lost, and
/// shares one state write among every submitter that arrives while a write is in flight (group commit).</summary>
/// <remarks>Reentrant, which group commit needs: a non-reentrant grain would take submitters one at a time, one
/// write each, on every batch's write path. It is safe because only <see cref="CommitLoop"/> changes the stored
/// state, one write at a time, from a fresh object; <see cref="Read"/> serves the last state known stored
/// (<c>committed</c>), never one being written; <see cref="Acknowledge"/> only raises a number and clears chunks the
/// sequencer has appended, which nothing reads again. (LogIntakeTests shows concurrent submitters sharing writes.)</remarks>
[Reentrant, GrainType("log-intake")]
public sealed class LogIntakeGrain(
    [PersistentState("intake", Storage.Name)] IPersistentState<LogIntakeState> state,
    IGrainFactory grains,
    TimeProvider clock) : Grain, ILogIntakeGrain
{
    public const int ChunkSize = 16;

    private List<(IntakeEntry Entry, TaskCompletionSource Done)> waiting = [];
    private bool committing;
    private bool unsure; // a write failed: what is stored is unknown until it is read again
    private LogIntakeState? committed;
    private long acknowledged;

    private LogIntakeState Committed => committed ??= state.State;

    public Task Submit(ChainHead head)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.Add((new IntakeEntry(head, LogLeaf.Truncate(clock.GetUtcNow())), done));
        if (!committing)
        {
            committing = true;
            _ = CommitLoop();
        }
        return done.Task;
    }

    /// <summary>Writes whoever is waiting, all in one write, until nobody is; never throws (each group's submitters
    /// get its failure).</summary>
    private async Task CommitLoop()
    {
        try
        {
            while (waiting.Count > 0)
            {
                var group = waiting;
                waiting = [];
                try
                {
                    await Commit([.. group.Select(g => g.Entry)]);
                    foreach (var (_, done) in group) done.TrySetResult();
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in group) done.TrySetException(e);
                }
            }
        }
        finally
        {
            committing = false;
        }
    }

    private async Task Commit(IReadOnlyList<IntakeEntry> entries)
    {
        if (unsure)
        {
            await state.ReadStateAsync();
            committed = state.State;
            unsure = false;
        }
        var before = Committed;
        var open = new List<IntakeEntry>(before.Open.Count + entries.Count);
        open.AddRange(before.Open);
        open.AddRange(entries);
        var sealedChunks = before.SealedChunks;
        // A full chunk moves to its own grain before the row that says so is written: the row stays small.
        while (open.Count >= ChunkSize)
        {
            await Chunk(sealedChunks).Put(open[..ChunkSize]);
            open = open[ChunkSize..];
            sealedChunks++;
        }
        state.State = new LogIntakeState
        {
            SealedChunks = sealedChunks, Open = open, Acknowledged = Math.Max(before.Acknowledged, acknowledged),
        };
        try
        {
            await state.WriteStateAsync();
            committed = state.State;
        }
        catch
        {
            state.State = before;
            unsure = true;
            throw;
        }
    }

    public async Task<IReadOnlyList<IntakeEntry>> Read(long from, int max)
    {
        var view = Committed;
        if (from < Math.Max(view.Acknowledged, acknowledged))
            throw new InvalidOperationException($"intake {this.GetPrimaryKeyString()}: entries below {from} are already in the log");
        var openStart = (long)view.SealedChunks * ChunkSize;
        var end = Math.Min(openStart + view.Open.Count, from + Math.Max(0, max));
        // The sealed chunks the range covers, read at once (bounded: max / ChunkSize + 1 of them).
        var sealedEnd = Math.Min(end, openStart);
        List<int> chunks = from < sealedEnd
            ? [.. Enumerable.Range((int)(from / ChunkSize), (int)((sealedEnd - 1) / ChunkSize - from / ChunkSize) + 1)]
            : [];
        var sealedEntries = await Fanout.Map(chunks, async c =>
        {
            var entries = await Chunk(c).Get();
            return entries.Count == ChunkSize ? entries : throw new InvalidOperationException(
                $"intake chunk {ChunkKey(c)} holds {entries.Count} entries, not {ChunkSize}");
        });
        var result = new List<IntakeEntry>((int)Math.Max(0, end - from));
        for (var position = from; position < end; position++)
            result.Add(position >= openStart
                ? view.Open[(int)(position - openStart)]
                : sealedEntries[(int)(position / ChunkSize) - chunks[0]][(int)(position % ChunkSize)]);
        return result;
    }

    public async Task Acknowledge(long upTo)
    {
        var view = Committed;
        var known = Math.Max(view.Acknowledged, acknowledged);
        if (upTo <= known) return;
        if (upTo > (long)view.SealedChunks * ChunkSize + view.Open.Count)
            throw new InvalidOperationException($"intake {this.GetPrimaryKeyString()} holds no entry {upTo - 1} to acknowledge");
        acknowledged = upTo; // stored with the next write; until then a restarted shard clears the same chunks again
        var from = (int)(known / ChunkSize);
        var to = (int)Math.Min(upTo / ChunkSize, view.SealedChunks);
        await Fanout.Each(Enumerable.Range(from, Math.Max(0, to - from)).ToList(), c => Chunk(c).Clear());
    }

    private string ChunkKey(int chunk) => $"{this.GetPrimaryKeyString()}-{chunk}";

    private ILogIntakeChunkGrain Chunk(int chunk) => grains.GetGrain<ILogIntakeChunkGrain>(ChunkKey(chunk));
}

/// <summary>A full chunk of an intake shard. Only its shard writes it, and only while its row does not yet say the
/// chunk is sealed (a seal retried after a failed row write may put other entries): after that it is only read,
/// then cleared once the log holds its entries.</summary>
[GrainType("log-intake-chunk")]
public sealed class LogIntakeChunkGrain(
    [PersistentState("chunk", Storage.Name)] IPersistentState<LogIntakeChunkState> state) : Grain, ILogIntakeChunkGrain
{
    public Task<IReadOnlyList<IntakeEntry>> Get() => Task.FromResult<IReadOnlyList<IntakeEntry>>(state.State.Entries);

    public async Task Put(IReadOnlyList<IntakeEntry> entries)
    {
        state.State = new LogIntakeChunkState { Entries = [.. entries] };
        await state.WriteStateAsync();
    }

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new LogIntakeChunkState();
    }
}
