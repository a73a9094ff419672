using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Tamper evidence. Each event's hash is SHA-256 over its canonical form, which includes the previous
/// event's hash (for the first event, the hash of the batch's creation record: Batches/BatchRecord), so a batch's head
/// hash commits to its creation and its whole history.</summary>
public static class EventHashing
{
    public const string Version = "nguon-event/2";

    public static string Hash(BatchEvent e) => HashChain.Sha256(Canonical(e));

    public static BatchEvent Seal(BatchEvent e) => e with { Hash = Hash(e) };

    /// <summary>Canonical form (see <see cref="CanonicalJson"/>): the version tag, then every field in a fixed order,
    /// the reason (a recall's) after the destination and the previous hash last. The Hash field itself is left out.</summary>
    public static byte[] Canonical(BatchEvent e) => CanonicalJson.Array(Version, w =>
    {
        w.WriteNumberValue(e.Sequence);
        w.WriteStringValue(e.EventId);
        w.WriteStringValue(e.EventType);
        w.WriteStringValue(e.BizStep);
        CanonicalJson.Nullable(w, e.Disposition);
        w.WriteStringValue(Time(e.EventTime));
        w.WriteStringValue(Time(e.RecordTime));
        CanonicalJson.Nullable(w, e.ReadPoint);
        CanonicalJson.Nullable(w, e.BizLocation);
        w.WriteStringValue(e.Actor);
        CanonicalJson.Quantity(w, e.Quantity);
        WriteLinks(w, e.Inputs);
        WriteLinks(w, e.Outputs);
        CanonicalJson.List(w, e.Sensors, (x, s) =>
        {
            x.WriteStartArray();
            x.WriteStringValue(s.Type);
            x.WriteStringValue(Number(s.Value));
            x.WriteStringValue(s.Unit);
            x.WriteEndArray();
        });
        CanonicalJson.List(w, e.Documents, (x, d) =>
        {
            x.WriteStartArray();
            x.WriteStringValue(d.Sha256);
            CanonicalJson.Nullable(x, d.Type);
            CanonicalJson.Nullable(x, d.Name);
            x.WriteEndArray();
        });
        CanonicalJson.Nullable(w, e.Destination);
        CanonicalJson.Nullable(w, e.Reason);
        w.WriteStringValue(e.PreviousHash);
    });

    /// <summary>Checks every event's hash and the links between them, the first to <paramref name="creationHash"/>
    /// (the hash of the batch's creation record), and the head; one violation per broken event.</summary>
    public static List<Violation> VerifyChain(string batchCode, string creationHash, IReadOnlyList<BatchEvent> events, string headHash)
    {
        var problems = HashChain.Verify(batchCode, "event", events, creationHash, e => (e.Sequence, e.PreviousHash, e.Hash), Hash,
            new("integrity.creation", $"the record of batch {batchCode} was changed after its creation: it no longer hashes to "
                + "what its first event links to"));
        if ((events.Count > 0 ? events[^1].Hash : creationHash) != headHash)
            problems.Add(new("integrity.head", $"head hash of {batchCode} does not match its last event"));
        return problems;
    }

    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    public static string Number(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<QuantityLink>? links) =>
        CanonicalJson.List(w, links, (x, link) =>
        {
            x.WriteStartArray();
            x.WriteStringValue(link.Batch);
            CanonicalJson.Quantity(x, link.Quantity);
            x.WriteEndArray();
        });
}

/// <summary>A trace's root hash: each batch's node hash covers its head hash and its parents' node hashes
/// (a Merkle DAG), so any change anywhere upstream changes the root.</summary>
public static class MerkleDag
{
    public static string NodeHash(string headHash, IEnumerable<string> parentNodeHashes)
    {
        var text = headHash + "|" + string.Join(",", parentNodeHashes.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Node hashes for every batch reachable from <paramref name="root"/>; parents missing from the
    /// map contribute a fixed marker so a missing ancestor still changes the root (as does a parent that loops back
    /// to a batch still being hashed, possible only in edited state).</summary>
    /// <remarks>Iterative, depth-first with an explicit stack, so any depth of graph is hashed without a deep call
    /// stack; parents are taken in their recorded order, as a recursive walk would.</remarks>
    public static Dictionary<string, string> NodeHashes(string root, IReadOnlyDictionary<string, Batch> batches)
    {
        var memo = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!batches.TryGetValue(root, out var rootBatch)) return memo;
        var visiting = new HashSet<string>(StringComparer.Ordinal) { root };
        var stack = new Stack<Frame>();
        stack.Push(new Frame(rootBatch));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            var parents = frame.Batch.Origin.Parents;
            if (frame.Next < parents.Count)
            {
                var code = parents[frame.Next++].Batch;
                if (memo.TryGetValue(code, out var known)) frame.ParentHashes.Add(known);
                else if (!batches.TryGetValue(code, out var parent) || !visiting.Add(code)) frame.ParentHashes.Add("missing:" + code);
                else stack.Push(new Frame(parent));
                continue;
            }
            stack.Pop();
            var hash = memo[frame.Batch.Code] = NodeHash(frame.Batch.HeadHash, frame.ParentHashes);
            visiting.Remove(frame.Batch.Code);
            if (stack.Count > 0) stack.Peek().ParentHashes.Add(hash);
        }
        return memo;
    }

    private sealed class Frame(Batch batch)
    {
        public Batch Batch { get; } = batch;
        public int Next { get; set; }
        public List<string> ParentHashes { get; } = [];
    }
}
