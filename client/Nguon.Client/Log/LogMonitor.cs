using System.Text.Json;
using Nguon.Client.Dossiers;
using Nguon.Model;

namespace Nguon.Client.Log;

/// <summary>What a monitor keeps between runs: every checkpoint it accepted, the compact range of the leaves it has
/// scanned, and each record's newest head among them.</summary>
public sealed record MonitorState(
    string? Server,
    long Scanned,
    IReadOnlyList<string> Frontier,
    IReadOnlyList<LogCheckpoint> Checkpoints,
    Dictionary<string, RecordHead> Records)
{
    public static MonitorState Empty(string? server) => new(server, 0, [], [], []);
}

public sealed record RecordHead(int Sequence, string Hash, long Leaf);

/// <summary>One run: the checkpoint accepted, and what was checked to accept it.</summary>
public sealed record MonitorReport(
    LogCheckpoint? Checkpoint, int CheckpointsChecked, long PreviousSize, long LeavesScanned, int Records, int Duplicates);

/// <summary>Watches a log as RFC 9162 §8.3 monitors do: the newest checkpoint must be signed by a published key and
/// consistent with every checkpoint kept before (so a rewritten history is caught even when it is signed with the
/// log's own key), the leaves served since the last run must hash to its root, and no record may have two different
/// heads for one sequence (equivocation). Accepted checkpoints are kept in a folder.</summary>
public static class LogMonitor
{
    public const string StateFile = "log-monitor.json";
    private const int PageLeaves = 1000;
    private const int Parallel = 8;

    public static async Task<MonitorReport> Run(NguonClient client, JsonWebKeySet keys, string folder, CancellationToken ct = default)
    {
        var state = Load(folder, client.Server.AbsoluteUri);
        LogCheckpoint latest;
        try
        {
            latest = await client.GetLogCheckpoint(ct);
        }
        catch (NguonApiException e) when (e.Status == 404)
        {
            if (state.Checkpoints.Count > 0) throw new LogVerificationException(
                $"the log has no checkpoint, but one of {state.Checkpoints[^1].TreeSize} leaves was kept: its history is gone");
            return new MonitorReport(null, 0, 0, 0, 0, 0);
        }
        LogVerification.CheckSignature(latest, keys);
        await Bounded(state.Checkpoints, kept => CheckConsistency(client, kept, latest, ct));

        var range = CompactRange.Restore(state.Scanned, state.Frontier);
        var records = new Dictionary<string, RecordHead>(state.Records);
        var duplicates = 0;
        var starts = new List<long>();
        for (var start = state.Scanned; start < latest.TreeSize; start += PageLeaves) starts.Add(start);
        var pages = await Bounded(starts, s => client.GetLogLeaves(s, (int)Math.Min(PageLeaves, latest.TreeSize - s), ct));
        foreach (var entry in pages.SelectMany(p => p))
        {
            if (entry.Index != range.Size)
                throw new LogVerificationException($"the log served leaf {entry.Index} where leaf {range.Size} was due");
            range.Append(MerkleHash.Leaf(entry.Leaf.Bytes()));
            if (Check(records, entry)) duplicates++;
        }
        if (range.Size != latest.TreeSize || Convert.ToHexStringLower(range.Root()) != latest.RootHash)
            throw new LogVerificationException($"the {range.Size} leaves the log serves do not hash to the root of its checkpoint of "
                + $"{latest.TreeSize} leaves ({latest.RootHash})");

        Save(folder, new MonitorState(state.Server, range.Size, range.Hashes,
            [.. state.Checkpoints.Where(c => c.TreeSize != latest.TreeSize), latest], records));
        return new MonitorReport(latest, state.Checkpoints.Count, state.Scanned, latest.TreeSize - state.Scanned,
            records.Count, duplicates);
    }

    private static async Task<bool> CheckConsistency(NguonClient client, LogCheckpoint kept, LogCheckpoint latest, CancellationToken ct)
    {
        var when = $"kept from {kept.Time:u}";
        if (kept.TreeSize > latest.TreeSize)
            throw new LogVerificationException(
                $"the log shrank: it has {latest.TreeSize} leaves, a checkpoint of {kept.TreeSize} was {when}");
        if (kept.TreeSize == latest.TreeSize)
            return kept.RootHash == latest.RootHash ? true : throw new LogVerificationException(
                $"two checkpoints of {kept.TreeSize} leaves with different roots: {kept.RootHash} {when}, {latest.RootHash} now");
        var proof = await client.GetConsistencyProof(kept.TreeSize, latest.TreeSize, ct);
        var valid = proof.First == kept.TreeSize && proof.Second == latest.TreeSize && proof.Path.All(LogVerification.IsHash)
            && MerkleProofs.VerifyConsistency(kept.TreeSize, latest.TreeSize, MerkleProofs.Hashes(proof.Path),
                Convert.FromHexString(kept.RootHash), Convert.FromHexString(latest.RootHash));
        return valid ? true : throw new LogVerificationException($"the log of {latest.TreeSize} leaves is not consistent with its "
            + $"checkpoint of {kept.TreeSize} leaves {when} (root {kept.RootHash}): its history was rewritten");
    }

    /// <summary>Records the leaf's head; true when it is a head already logged (the same again). Throws on equivocation.</summary>
    private static bool Check(Dictionary<string, RecordHead> records, LogEntry entry)
    {
        var leaf = entry.Leaf;
        if (records.TryGetValue(leaf.Record, out var known))
        {
            if (leaf.Sequence == known.Sequence && leaf.Hash == known.Hash) return true;
            if (leaf.Sequence == known.Sequence)
                throw new LogVerificationException($"equivocation: record {leaf.Record} has two heads for sequence {leaf.Sequence}: "
                    + $"{known.Hash} (leaf {known.Leaf}) and {leaf.Hash} (leaf {entry.Index})");
            if (leaf.Sequence < known.Sequence)
                throw new LogVerificationException($"equivocation: record {leaf.Record} logs sequence {leaf.Sequence} (leaf {entry.Index}) "
                    + $"after sequence {known.Sequence} (leaf {known.Leaf}): two histories of one record");
        }
        records[leaf.Record] = new RecordHead(leaf.Sequence, leaf.Hash, entry.Index);
        return false;
    }

    private static async Task<TResult[]> Bounded<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> call)
    {
        using var gate = new SemaphoreSlim(Parallel);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try { return await call(item); }
            finally { gate.Release(); }
        }));
    }

    public static MonitorState Load(string folder, string server)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path)) return MonitorState.Empty(server);
        try
        {
            return JsonSerializer.Deserialize<MonitorState>(File.ReadAllBytes(path), NguonClient.Json)
                ?? throw new FormatException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not a log monitor's state: {e.Message}");
        }
    }

    /// <summary>Written whole, then moved into place: a run stopped half-way keeps the previous state.</summary>
    private static void Save(string folder, MonitorState state)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, StateFile);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, NguonClient.Json));
        File.Move(temporary, path, overwrite: true);
    }
}
