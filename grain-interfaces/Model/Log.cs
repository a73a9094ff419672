using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nguon.Model;

/// <summary>One entry of the transparency log (RFC 9162 style): a record's chain head as the log accepted it. Leaves
/// are public, so the record is named by the SHA-256 of "kind/id" (<see cref="RecordOf"/>), not by its id: whoever
/// holds the id (a dossier names its batches) recomputes it. <see cref="Bytes"/> is what the Merkle tree hashes.</summary>
[GenerateSerializer, Immutable, Alias("nguon.LogLeaf")]
public sealed record LogLeaf(
    [property: Id(0)] string Record,
    [property: Id(1)] int Sequence,
    [property: Id(2)] string Hash,
    [property: Id(3)] DateTimeOffset Time)
{
    public const string Format = "nguon-log-leaf/1";

    /// <summary>The public name of a record: lower-case hex SHA-256 of UTF-8 "kind/id", kind in lower case
    /// ("batch/PS-LN26-H-0001").</summary>
    public static string RecordOf(RecordKind kind, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{KindName(kind)}/{id}")));

    public static string KindName(RecordKind kind) => kind.ToString().ToLowerInvariant();

    public static LogLeaf Of(ChainHead head, DateTimeOffset time) => new(RecordOf(head.Kind, head.Id), head.Sequence, head.Hash, time);

    /// <summary>The leaf's bytes (RFC 9162's "leaf"; its leaf hash is SHA-256(0x00 ‖ bytes)): UTF-8 of
    /// "nguon-log-leaf/1\n{record}\n{sequence}\n{head hash}\n{time, Unix milliseconds}".</summary>
    public byte[] Bytes() => Encoding.UTF8.GetBytes(
        $"{Format}\n{Record}\n{Sequence.ToString(CultureInfo.InvariantCulture)}\n{Hash}\n{UnixMs(Time)}");

    public bool IsOf(ChainHead head) => Record == RecordOf(head.Kind, head.Id) && Sequence == head.Sequence && Hash == head.Hash;

    public static string UnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A time as the log keeps it: whole milliseconds, UTC (what <see cref="Bytes"/> can state exactly).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}

/// <summary>A leaf with its index in the log.</summary>
[GenerateSerializer, Immutable, Alias("nguon.LogEntry")]
public sealed record LogEntry([property: Id(0)] long Index, [property: Id(1)] LogLeaf Leaf);

/// <summary>A signed checkpoint (a signed tree head): the log had <see cref="TreeSize"/> leaves with Merkle tree hash
/// <see cref="RootHash"/> (lower-case hex) at <see cref="Time"/>. <see cref="Signature"/> is ES256 (IEEE P1363 r‖s,
/// base64url) by the silo's key <see cref="KeyId"/> (published at /.well-known/jwks.json) over
/// <see cref="SignedBytes(long, string, DateTimeOffset)"/>.</summary>
[GenerateSerializer, Immutable, Alias("nguon.LogCheckpoint")]
public sealed record LogCheckpoint(
    [property: Id(0)] long TreeSize,
    [property: Id(1)] string RootHash,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] string KeyId,
    [property: Id(4)] string Signature)
{
    public const string Format = "nguon-log-checkpoint/1";

    /// <summary>UTF-8 of "nguon-log-checkpoint/1\n{tree size}\n{root hash}\n{time, Unix milliseconds}\n".</summary>
    public static byte[] SignedBytes(long treeSize, string rootHash, DateTimeOffset time) => Encoding.UTF8.GetBytes(
        $"{Format}\n{treeSize.ToString(CultureInfo.InvariantCulture)}\n{rootHash}\n{LogLeaf.UnixMs(time)}\n");

    public byte[] SignedBytes() => SignedBytes(TreeSize, RootHash, Time);
}

/// <summary>RFC 9162 §2.1.3 inclusion proof: the audit path of leaf <see cref="LeafIndex"/> in the tree of
/// <see cref="TreeSize"/> leaves, hashes in lower-case hex, from the leaf's sibling up.</summary>
[GenerateSerializer, Immutable, Alias("nguon.InclusionProof")]
public sealed record InclusionProof(
    [property: Id(0)] long LeafIndex,
    [property: Id(1)] long TreeSize,
    [property: Id(2)] IReadOnlyList<string> Path);

/// <summary>RFC 9162 §2.1.4 consistency proof that the tree of <see cref="First"/> leaves is a prefix of the tree of
/// <see cref="Second"/> leaves.</summary>
[GenerateSerializer, Immutable, Alias("nguon.ConsistencyProof")]
public sealed record ConsistencyProof(
    [property: Id(0)] long First,
    [property: Id(1)] long Second,
    [property: Id(2)] IReadOnlyList<string> Path);

/// <summary>A chain head found in the log: its leaf, where it is, and its inclusion proof against a checkpoint.</summary>
[GenerateSerializer, Immutable, Alias("nguon.LoggedHead")]
public sealed record LoggedHead(
    [property: Id(0)] RecordKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] int Sequence,
    [property: Id(3)] string Hash,
    [property: Id(4)] long LeafIndex,
    [property: Id(5)] DateTimeOffset Time,
    [property: Id(6)] IReadOnlyList<string> Path)
{
    public LogLeaf Leaf => new(LogLeaf.RecordOf(Kind, Id), Sequence, Hash, Time);
}

/// <summary>The heads asked for, each with its inclusion proof against <see cref="Checkpoint"/>; or, when some are
/// not in a checkpoint yet, those (<see cref="Missing"/>) and no proofs.</summary>
[GenerateSerializer, Immutable, Alias("nguon.HeadProofs")]
public sealed record HeadProofs(
    [property: Id(0)] LogCheckpoint? Checkpoint,
    [property: Id(1)] IReadOnlyList<LoggedHead> Heads,
    [property: Id(2)] IReadOnlyList<ChainHead> Missing);

/// <summary>One page of stored checkpoints, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("nguon.CheckpointPage")]
public sealed record CheckpointPage(
    [property: Id(0)] int Page,
    [property: Id(1)] int Pages,
    [property: Id(2)] IReadOnlyList<LogCheckpoint> Checkpoints);
