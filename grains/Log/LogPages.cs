using Nguon.Domain.Log;
using Nguon.Model;

namespace Nguon.Log;

/// <summary>The keys of the log's page grains (each with a prefix, so that no key reads as a number).</summary>
public static class LogPages
{
    public static string LeafKey(long page) => $"log-leaves-{page}";
    public static string NodeKey(int level, long page) => $"log-nodes-{level}-{page}";
    public static string CheckpointKey(long page) => $"log-checkpoints-{page}";
    public static string RecordKey(string record) => $"log-record-{record}";

    /// <summary>Items <paramref name="items"/> put at <paramref name="offset"/> of a page holding
    /// <paramref name="stored"/>: the entries before the offset stay, the rest are replaced. Refused when that would
    /// leave a gap or overfill the page.</summary>
    public static List<T> Put<T>(IReadOnlyList<T> stored, int offset, IReadOnlyList<T> items, string page)
    {
        if (offset < 0 || offset > stored.Count || offset + items.Count > LogTree.Default.PageSize)
            throw new InvalidOperationException(
                $"page {page} holds {stored.Count} entries: {items.Count} cannot go at {offset} (at most {LogTree.Default.PageSize})");
        return [.. stored.Take(offset), .. items];
    }
}

public sealed class LogLeafPageState
{
    public List<LogLeaf> Leaves { get; set; } = [];
}

public sealed class LogNodePageState
{
    public List<string> Hashes { get; set; } = [];
}

public sealed class LogCheckpointPageState
{
    public List<LogCheckpoint> Checkpoints { get; set; } = [];
}

public sealed class LogRecordIndexState
{
    public LogEntry? Entry { get; set; }
}

/// <summary>Up to 256 leaves. Only the sequencer writes, and only leaves beyond the size it has published; a full
/// page is then only read.</summary>
[GrainType("log-leaves")]
public sealed class LogLeafPageGrain(
    [PersistentState("leaves", Storage.Name)] IPersistentState<LogLeafPageState> state) : Grain, ILogLeafPageGrain
{
    public Task<IReadOnlyList<LogLeaf>> Get() => Task.FromResult<IReadOnlyList<LogLeaf>>(state.State.Leaves);

    public async Task Put(int offset, IReadOnlyList<LogLeaf> leaves)
    {
        state.State = new LogLeafPageState { Leaves = LogPages.Put(state.State.Leaves, offset, leaves, this.GetPrimaryKeyString()) };
        await state.WriteStateAsync();
    }
}

/// <summary>Up to 256 tree hashes of full pages of the level below; written like leaf pages.</summary>
[GrainType("log-nodes")]
public sealed class LogNodePageGrain(
    [PersistentState("nodes", Storage.Name)] IPersistentState<LogNodePageState> state) : Grain, ILogNodePageGrain
{
    public Task<IReadOnlyList<string>> Get() => Task.FromResult<IReadOnlyList<string>>(state.State.Hashes);

    public async Task Put(int offset, IReadOnlyList<string> hashes)
    {
        state.State = new LogNodePageState { Hashes = LogPages.Put(state.State.Hashes, offset, hashes, this.GetPrimaryKeyString()) };
        await state.WriteStateAsync();
    }
}

/// <summary>Up to 256 published checkpoints, oldest first.</summary>
[GrainType("log-checkpoints")]
public sealed class LogCheckpointPageGrain(
    [PersistentState("checkpoints", Storage.Name)] IPersistentState<LogCheckpointPageState> state) : Grain, ILogCheckpointPageGrain
{
    public Task<IReadOnlyList<LogCheckpoint>> Get() => Task.FromResult<IReadOnlyList<LogCheckpoint>>(state.State.Checkpoints);

    public async Task Put(int offset, LogCheckpoint checkpoint)
    {
        var stored = state.State.Checkpoints;
        if (offset < stored.Count && stored[offset] == checkpoint) return;
        state.State = new LogCheckpointPageState
        {
            Checkpoints = LogPages.Put(stored, offset, [checkpoint], this.GetPrimaryKeyString()),
        };
        await state.WriteStateAsync();
    }
}

/// <summary>A record's newest leaf, so that a dossier finds the leaf of a head without reading the log.</summary>
[GrainType("log-record")]
public sealed class LogRecordIndexGrain(
    [PersistentState("record", Storage.Name)] IPersistentState<LogRecordIndexState> state) : Grain, ILogRecordIndexGrain
{
    public Task<LogEntry?> Get() => Task.FromResult(state.State.Entry);

    /// <summary>A record's leaves come in the order it wrote its heads, so the later leaf is the newer head; the
    /// same entry again (a tick indexing again after a restart) writes nothing.</summary>
    public async Task Update(LogEntry entry)
    {
        if (state.State.Entry is { } held && held.Index >= entry.Index) return;
        state.State.Entry = entry;
        await state.WriteStateAsync();
    }
}
