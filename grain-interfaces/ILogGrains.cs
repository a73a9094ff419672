using Nguon.Model;

namespace Nguon;

// The transparency log (grains/Log). Writers hand heads to an intake shard; the sequencer, off the write path,
// appends them to the Merkle tree's pages and signs checkpoints; the query grain answers reads from the pages.

/// <summary>A head as an intake shard keeps it until the sequencer has appended it.</summary>
[GenerateSerializer, Immutable, Alias("nguon.IntakeEntry")]
public sealed record IntakeEntry([property: Id(0)] ChainHead Head, [property: Id(1)] DateTimeOffset Time);

/// <summary>Intake shard "log-intake-{n}": buffers submitted heads durably (group commit) at positions 0, 1, 2, ….</summary>
[Alias("nguon.ILogIntakeGrain")]
public interface ILogIntakeGrain : IGrainWithStringKey
{
    /// <summary>Returns once the head is stored (it then reaches the log even if this silo dies).</summary>
    [Alias("Submit")] Task Submit(ChainHead head);
    /// <summary>Stored entries from position <paramref name="from"/>, at most <paramref name="max"/>.</summary>
    [Alias("Read")] Task<IReadOnlyList<IntakeEntry>> Read(long from, int max);
    /// <summary>The sequencer has appended every entry below <paramref name="upTo"/>: they may be dropped.</summary>
    [Alias("Acknowledge")] Task Acknowledge(long upTo);
}

/// <summary>A full chunk of an intake shard's entries, "log-intake-{n}-{chunk}", moved out of the shard's row.</summary>
[Alias("nguon.ILogIntakeChunkGrain")]
public interface ILogIntakeChunkGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<IntakeEntry>> Get();
    [Alias("Put")] Task Put(IReadOnlyList<IntakeEntry> entries);
    [Alias("Clear")] Task Clear();
}

/// <summary>The one sequencer, "log-sequencer": a periodic <see cref="Tick"/> drains the intake shards into the tree
/// and signs a checkpoint. Writers never call it.</summary>
[Alias("nguon.ILogSequencerGrain")]
public interface ILogSequencerGrain : IGrainWithStringKey
{
    /// <summary>Appends what the shards hold and signs a checkpoint when the tree grew; safe to call from every silo.</summary>
    [Alias("Tick")] Task Tick();
    /// <summary>The newest published checkpoint and how many are stored (answers during a tick).</summary>
    [Alias("Latest"), Orleans.Concurrency.AlwaysInterleave] Task<(LogCheckpoint? Checkpoint, long Count)> Latest();
    /// <summary>Someone waits for a head's leaf: the next tick writes the index entries gathered so far.</summary>
    [Alias("RequestIndex"), Orleans.Concurrency.AlwaysInterleave] Task RequestIndex();
}

/// <summary>Level 0 of the tree: leaves, "log-leaves-{page}".</summary>
[Alias("nguon.ILogLeafPageGrain")]
public interface ILogLeafPageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<LogLeaf>> Get();
    /// <summary>Sets the leaves from <paramref name="offset"/> on (the sequencer only ever changes leaves it has not
    /// published yet).</summary>
    [Alias("Put")] Task Put(int offset, IReadOnlyList<LogLeaf> leaves);
}

/// <summary>Level L ≥ 1 of the tree, "log-nodes-{level}-{page}": tree hashes (hex) of full pages of the level below.</summary>
[Alias("nguon.ILogNodePageGrain")]
public interface ILogNodePageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<string>> Get();
    [Alias("Put")] Task Put(int offset, IReadOnlyList<string> hashes);
}

/// <summary>Stored checkpoints, "log-checkpoints-{page}", oldest first.</summary>
[Alias("nguon.ILogCheckpointPageGrain")]
public interface ILogCheckpointPageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<LogCheckpoint>> Get();
    [Alias("Put")] Task Put(int offset, LogCheckpoint checkpoint);
}

/// <summary>Where a record's newest logged head is, "log-record-{record}" (the leaf's record hash).</summary>
[Alias("nguon.ILogRecordIndexGrain")]
public interface ILogRecordIndexGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<LogEntry?> Get();
    /// <summary>Keeps the entry when it is a later leaf than the one held.</summary>
    [Alias("Update")] Task Update(LogEntry entry);
}

/// <summary>Reads of the log for the HTTP API and dossiers, from the pages. A stateless worker: any silo answers.</summary>
[Alias("nguon.ILogQueryGrain")]
public interface ILogQueryGrain : IGrainWithIntegerKey
{
    [Alias("Latest")] Task<LogCheckpoint?> Latest();
    [Alias("Checkpoints")] Task<CheckpointPage> Checkpoints(int page);
    /// <summary>The stored checkpoint of exactly <paramref name="treeSize"/> leaves, if one was published.</summary>
    [Alias("CheckpointOf")] Task<LogCheckpoint?> CheckpointOf(long treeSize);
    [Alias("Leaves")] Task<Outcome<IReadOnlyList<LogEntry>>> Leaves(long start, int count);
    [Alias("Inclusion")] Task<Outcome<InclusionProof>> Inclusion(long leafIndex, long treeSize);
    [Alias("Consistency")] Task<Outcome<ConsistencyProof>> Consistency(long first, long second);
    /// <summary>Each head's leaf and inclusion proof against the newest checkpoint, or which are not in it yet.</summary>
    [Alias("Prove")] Task<HeadProofs> Prove(IReadOnlyList<ChainHead> heads);
}
