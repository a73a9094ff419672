using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Projects a verification onto what a buyer may see.</summary>
public static class PublicProjection
{
    public static PublicVerification Of(ProvenanceGraph graph, Verification verification)
    {
        var target = graph.Batches.First(b => b.Batch.Code == graph.Root).Batch;
        var harvests = graph.Batches.Where(b => b.Batch.Origin.Kind == OriginKind.Harvest).ToList();
        var farmCodes = harvests.Select(h => h.Batch.Origin.Farm).OfType<string>().ToHashSet();
        var cert = graph.Certificates.FirstOrDefault(c => c.Number == verification.GiClaim);
        return new PublicVerification(
            target.Code, target.Gtin, target.Lot, target.Product, verification.GiClaim, cert?.Name,
            [.. graph.Farms.Where(f => farmCodes.Contains(f.Code)).OrderBy(f => f.Code)
                .Select(f => new PublicProducer(f.Name, f.Address.Commune, f.Address.District, f.Address.Province))],
            [.. harvests.Select(h => DateOnly.FromDateTime((h.Events.Count > 0 ? h.Events[0].EventTime : h.Batch.CreatedAt).DateTime)).Distinct().Order()],
            verification.Verdict,
            [.. verification.Reasons.Select(Sanitise).DistinctBy(r => r.Message)],
            verification.RootHash,
            verification.CheckedAt);
    }

    /// <summary>Reasons that would reveal another party's quantities are said without them.</summary>
    private static PublicReason Sanitise(Violation v) =>
        v.Rule.StartsWith("mass-balance", StringComparison.Ordinal)
            ? new(v.Rule, "the quantities recorded along this chain do not add up")
            : new(v.Rule, v.Message);
}
