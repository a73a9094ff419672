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
        var farms = graph.Farms.Where(f => farmCodes.Contains(f.Code)).OrderBy(f => f.Code).ToList();
        return new PublicVerification(
            target.Code, target.Gtin, target.Lot, target.Product, verification.GiClaim, cert?.Name,
            [.. farms.Select(f => new PublicProducer(f.Name, f.Address.Commune, f.Address.District, f.Address.Province))],
            [.. harvests.Select(HarvestDay).Distinct().Order()],
            verification.Verdict,
            [.. verification.Reasons.Select(Sanitise).DistinctBy(r => r.Message)],
            verification.RootHash,
            verification.CheckedAt,
            Journey(graph),
            [.. farms.Select(f => new PublicOriginFarm(f.Name, f.Address.Commune, f.LocationGeoJson,
                cert is not null && Geo.Inside(f.LocationGeoJson, cert.ProtectedAreaGeoJson)))],
            cert is null ? null : Geo.SimplifiedArea(cert.ProtectedAreaGeoJson),
            cert?.ForeignRegistrations);
    }

    private static DateOnly HarvestDay(BatchNode harvest) =>
        DateOnly.FromDateTime((harvest.Events.Count > 0 ? harvest.Events[0].EventTime : harvest.Batch.CreatedAt).DateTime);

    /// <summary>The lot's journey from the farms: the events of every ancestor up to the moment this lot's line
    /// left it (a parent's later events belong to other lots) and any recall of an ancestor, as public steps, oldest
    /// first. Consecutive steps of one kind on one day are merged (three farms harvesting on the same morning are one harvest).</summary>
    public static IReadOnlyList<PublicJourneyStep> Journey(ProvenanceGraph graph)
    {
        var nodes = graph.Batches.ToDictionary(b => b.Batch.Code);
        // For each ancestor, the last of its events that still concerns this lot: the one a descendant was taken at.
        var lastRelevant = new Dictionary<string, int>();
        foreach (var node in graph.Batches)
            foreach (var parent in node.Batch.Origin.Parents)
                lastRelevant[parent.Batch] = Math.Max(lastRelevant.GetValueOrDefault(parent.Batch), parent.ParentEventSequence);

        var farmCommunes = graph.Farms.ToDictionary(f => f.Code, f => f.Address.Commune);
        var steps = new List<(string Step, DateTimeOffset At, string? Place)>();
        foreach (var (code, node) in nodes)
        {
            var limit = code == graph.Root ? int.MaxValue : lastRelevant.GetValueOrDefault(code, int.MaxValue);
            // A recall concerns every lot the recalled one reached, also one taken from it before the recall.
            foreach (var e in node.Events.Where(e => e.Sequence <= limit || Disposition.Recalled.Is(e.Disposition)))
            {
                var step = StepOf(node.Batch, e, isRoot: code == graph.Root);
                if (step is null) continue;
                var place = step == "harvest" && node.Batch.Origin.Farm is { } farm && farmCommunes.TryGetValue(farm, out var commune)
                    ? commune
                    : e.ReadPoint;
                steps.Add((step, e.EventTime, place));
            }
        }
        var journey = new List<PublicJourneyStep>();
        foreach (var (step, at, place) in steps.OrderBy(s => s.At))
        {
            var places = place is null ? [] : new[] { place };
            if (journey.Count > 0 && journey[^1] is var last && last.Step == step && last.At.Date == at.Date)
                journey[^1] = last with { Places = [.. last.Places.Concat(places).Distinct().Order(StringComparer.Ordinal)] };
            else
                journey.Add(new PublicJourneyStep(step, at, places));
        }
        return journey;
    }

    /// <summary>Public names of the steps a buyer sees; book-keeping (splits and merges are repackaging, storage)
    /// is left out.</summary>
    private static readonly Dictionary<BizStep, string> PublicSteps = new()
    {
        [BizStep.Packing] = "packing",
        [BizStep.Inspecting] = "inspection",
        [BizStep.Shipping] = "shipment",
        [BizStep.Departing] = "shipment",
        [BizStep.Receiving] = "receipt",
        [BizStep.Arriving] = "receipt",
        [BizStep.RetailSelling] = "retail",
        [BizStep.Fumigating] = "fumigation",
    };

    /// <summary>The public name of an event's step, or null for what a buyer need not see.</summary>
    private static string? StepOf(Batch batch, BatchEvent e, bool isRoot)
    {
        if (Disposition.Recalled.Is(e.Disposition)) return "recall";
        if (BizStep.Commissioning.Is(e.BizStep) && e.Sequence == 1)
        {
            if (batch.Origin.Kind == OriginKind.Harvest) return "harvest";
            if (isRoot && batch.Lot is not null) return "labelled";
        }
        return BizStep.Find(e.BizStep) is { } step ? PublicSteps.GetValueOrDefault(step) : null;
    }

    /// <summary>Reasons that would reveal another party's quantities are said without them.</summary>
    private static PublicReason Sanitise(Violation v) =>
        v.Rule.StartsWith("mass-balance", StringComparison.Ordinal)
            ? new(v.Rule, "the quantities recorded along this chain do not add up")
            : new(v.Rule, v.Message);
}
