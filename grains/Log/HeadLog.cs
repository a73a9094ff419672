using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Nguon.Model;

namespace Nguon.Log;

/// <summary>Where every grain hands a new chain head once its state is written: the transparency log's intake.
/// A record always goes to the same intake shard (by a stable hash of "kind/id"), so its heads reach the log in the
/// order it wrote them; the write path never touches the sequencer.</summary>
public static class HeadLog
{
    /// <summary>Intake shards. Part of where stored heads are: never change it on a deployment with data.</summary>
    /// <remarks>Each shard writes about once per storage round trip however many heads it holds (group commit): fewer
    /// shards mean fewer writes per head under load; four keep the write path off any one grain.</remarks>
    public const int Shards = 4;

    /// <summary>Returns once the head is stored in its intake shard: from then on it reaches the log.</summary>
    public static Task Append(IGrainFactory grains, ChainHead head) =>
        grains.GetGrain<ILogIntakeGrain>(ShardKey(ShardOf(head))).Submit(head);

    public static int ShardOf(ChainHead head)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{LogLeaf.KindName(head.Kind)}/{head.Id}"));
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % Shards);
    }

    public static string ShardKey(int shard) => $"log-intake-{shard}";
}
