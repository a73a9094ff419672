using Nguon.Model;
using Nguon.Silo.ReadModel;

namespace Nguon.Tests.ReadModel;

/// <summary>Compares what the read model stores for batches with what their grains say (their record and every event),
/// field by field through <see cref="StoredProjections.Fingerprint"/>; names each batch that differs and how.</summary>
public static class ReadModelCheck
{
    public static async Task<List<string>> Differences(ReadModelSql sql, IReadOnlyCollection<BatchNode> batches)
    {
        var stored = new Dictionary<string, Projection>(StringComparer.Ordinal);
        var reader = new StoredProjections(sql);
        foreach (var page in batches.Select(b => b.Batch.Code).Chunk(200))
            foreach (var (code, projection) in await reader.Read(ReadKind.Batch, page)) stored[code] = projection;
        var differences = new List<string>();
        foreach (var node in batches)
        {
            var expected = Projections.Whole(node, 0);
            if (!stored.TryGetValue(node.Batch.Code, out var found)) differences.Add($"{node.Batch.Code}: not in the read model");
            else if (StoredProjections.Fingerprint(found) != StoredProjections.Fingerprint(expected))
                differences.Add($"{node.Batch.Code}: {Describe((BatchProjection)found, expected)}");
        }
        return differences;
    }

    private static string Describe(BatchProjection stored, BatchProjection expected)
    {
        if (stored.Events.Count != expected.Events.Count) return $"{stored.Events.Count} events stored, {expected.Events.Count} recorded";
        if (stored.Row with { FormerHolders = [] } != expected.Row with { FormerHolders = [] }) return $"row {stored.Row} != {expected.Row}";
        return "events, lineage or holders differ";
    }
}
