using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Tamper evidence. Each event's hash is SHA-256 over its canonical form, which includes the previous
/// event's hash, so a batch's head hash commits to its whole history.</summary>
public static class EventHashing
{
    /// <summary>The previous-hash of a batch's first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(BatchEvent e) => Convert.ToHexStringLower(SHA256.HashData(Canonical(e)));

    public static BatchEvent Seal(BatchEvent e) => e with { Hash = Hash(e) };

    /// <summary>Canonical form: a JSON array with a fixed field order, invariant culture, normalised decimals
    /// and ISO-8601 times with their offsets. The Hash field itself is left out.</summary>
    public static byte[] Canonical(BatchEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStringValue("nguon-event/1");
            w.WriteNumberValue(e.Sequence);
            w.WriteStringValue(e.EventId);
            w.WriteStringValue(e.EventType);
            w.WriteStringValue(e.BizStep);
            WriteNullable(w, e.Disposition);
            w.WriteStringValue(Time(e.EventTime));
            w.WriteStringValue(Time(e.RecordTime));
            WriteNullable(w, e.ReadPoint);
            WriteNullable(w, e.BizLocation);
            w.WriteStringValue(e.Actor);
            WriteQuantity(w, e.Quantity);
            WriteLinks(w, e.Inputs);
            WriteLinks(w, e.Outputs);
            w.WriteStartArray();
            foreach (var s in e.Sensors ?? [])
            {
                w.WriteStartArray();
                w.WriteStringValue(s.Type);
                w.WriteStringValue(Number(s.Value));
                w.WriteStringValue(s.Unit);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray();
            foreach (var d in e.Documents ?? [])
            {
                w.WriteStartArray();
                w.WriteStringValue(d.Sha256);
                WriteNullable(w, d.Type);
                WriteNullable(w, d.Name);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            WriteNullable(w, e.Destination);
            w.WriteStringValue(e.PreviousHash);
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary>Checks every event's hash and the links between them; returns one violation per broken event.</summary>
    public static List<Violation> VerifyChain(string batchCode, IReadOnlyList<BatchEvent> events, string headHash)
    {
        var problems = new List<Violation>();
        var previous = Genesis;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Sequence != i + 1)
                problems.Add(new("integrity.sequence",
                    $"event {i + 1} of {batchCode} is missing or out of order (found sequence {e.Sequence})"));
            if (e.PreviousHash != previous)
                problems.Add(new("integrity.chain", $"event {e.Sequence} of {batchCode} does not link to the event before it"));
            if (Hash(e) != e.Hash)
                problems.Add(new("integrity.hash", $"event {e.Sequence} of {batchCode} fails its hash"));
            previous = e.Hash;
        }
        if (previous != headHash)
            problems.Add(new("integrity.head", $"head hash of {batchCode} does not match its last event"));
        return problems;
    }

    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    public static string Number(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue(); else w.WriteStringValue(value);
    }

    private static void WriteQuantity(Utf8JsonWriter w, Quantity? q)
    {
        if (q is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        w.WriteStringValue(Number(q.Amount));
        w.WriteStringValue(q.Unit);
        w.WriteEndArray();
    }

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<QuantityLink>? links)
    {
        w.WriteStartArray();
        foreach (var link in links ?? [])
        {
            w.WriteStartArray();
            w.WriteStringValue(link.Batch);
            WriteQuantity(w, link.Quantity);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
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
