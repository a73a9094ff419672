using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Verification of a batch's GI claim over its provenance graph. Pure: everything it judges is in the
/// graph, and certificate and authorisation status are judged as of <c>now</c>, so a suspension reaches every
/// downstream batch on its next verification with no batch job. Every record is first recomputed from its chain and
/// its signed head (<see cref="RecordIntegrity"/>); the rules then read only what the chains say.</summary>
public static class ChainVerifier
{
    /// <param name="heads">Whether a head is signed by the silo's keys (the grains pass their key ring's check).</param>
    /// <param name="claimedGi">The GI a label claims; by default the batch's own claim. A label claiming a GI the
    /// batch does not carry is judged against that GI, so the reasons say what is wrong with the claim.</param>
    /// <param name="rollbacks">Records found older than the transparency log's heads (<see cref="Log.LogRollback"/>).</param>
    public static Verification Verify(ProvenanceGraph graph, HeadCheck heads, DateTimeOffset now, string? claimedGi = null,
        IEnumerable<Violation>? rollbacks = null)
    {
        var reasons = new List<Violation>(rollbacks ?? []);
        var recalls = new List<Violation>();
        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal);
        foreach (var node in graph.Batches) batches[node.Batch.Code] = RecordIntegrity.Batch(node, heads, reasons);
        var events = graph.Batches.ToDictionary(n => n.Batch.Code, n => n.Events, StringComparer.Ordinal);
        var farms = RecordIntegrity.Farms(graph, heads, reasons);
        var certs = RecordIntegrity.Certificates(graph, heads, reasons);
        var target = batches[graph.Root];

        foreach (var missing in graph.Missing)
            reasons.Add(new("lineage.missing", $"ancestor {missing} is missing from the record"));
        reasons.AddRange(BatchRules.FindCycles(batches));

        foreach (var (code, batch) in batches)
        {
            reasons.AddRange(MassBalance.Audit(batch));
            foreach (var link in batch.Origin.Parents)
            {
                if (!events.TryGetValue(link.Batch, out var parentEvents))
                {
                    // TraceGrain lists unreadable ancestors in Missing; a graph from elsewhere may just lack them.
                    if (!graph.Missing.Contains(link.Batch))
                        reasons.Add(new("lineage.missing", $"ancestor {link.Batch} is missing from the record"));
                    continue;
                }
                var recorded = link.ParentEventSequence >= 1 && link.ParentEventSequence <= parentEvents.Count
                    ? parentEvents[link.ParentEventSequence - 1] : null;
                if (recorded?.Hash != link.ParentEventHash)
                    reasons.Add(new("integrity.lineage",
                        $"the history of {link.Batch} no longer matches what {code} recorded when it was derived from it"));
            }
            // The replayed status: recalled only by a (hashed) recall event, never by an edited header.
            if (batch.Status == BatchStatus.Recalled)
                recalls.Add(new("recall", code == target.Code ? $"{code} has been recalled" : $"ancestor {code} has been recalled"));
        }

        if (claimedGi is not null && target.GiClaim != claimedGi)
            reasons.Add(new("gi.no-claim", target.GiClaim is null
                ? $"{target.Code} carries no GI claim, yet is labelled GI {claimedGi}"
                : $"{target.Code} claims GI {target.GiClaim}, not GI {claimedGi}"));
        if ((claimedGi ?? target.GiClaim) is not { } gi)
            reasons.Add(new("gi.no-claim", $"{target.Code} carries no GI claim"));
        else
        {
            foreach (var (code, batch) in batches.Where(b => b.Value.GiClaim != gi && b.Key != target.Code))
                reasons.Add(new("gi.dilution", batch.GiClaim is null
                    ? $"input {code} carries no GI claim"
                    : $"input {code} claims GI {batch.GiClaim}, not {gi}"));
            if (!certs.TryGetValue(gi, out var cert))
                reasons.Add(new("gi.certificate-unknown", $"GI {gi} is not registered"));
            else
                foreach (var harvest in batches.Values.Where(b => b.Origin.Kind == OriginKind.Harvest))
                    reasons.AddRange(CheckHarvest(harvest, events[harvest.Code], farms, cert, now));
        }

        var all = reasons.Concat(recalls).DistinctBy(r => r.Message).ToList();
        var verdict = recalls.Count > 0 ? Verdict.Recalled : reasons.Count > 0 ? Verdict.NotVerified : Verdict.Verified;
        return new Verification(target.Code, verdict, claimedGi ?? target.GiClaim, all, graph.RootHash, batches.Count, now);
    }

    private static IEnumerable<Violation> CheckHarvest(Batch harvest, IReadOnlyList<BatchEvent> events,
        IReadOnlyDictionary<string, Farm> farms, Certificate cert, DateTimeOffset now)
    {
        if (harvest.Origin.Farm is not { } farmCode || !farms.TryGetValue(farmCode, out var farm))
            return [new("gi.farm-unknown", $"origin farm of {harvest.Code} is not registered")];
        var harvestedAt = events.Count > 0 ? events[0].EventTime : harvest.CreatedAt;
        return GiRules.CertificateUsable(cert, harvestedAt, now)
            .Concat(GiRules.FarmAuthorised(farm, cert.Number, harvestedAt, now))
            .Concat(GiRules.FarmInsideArea(farm, cert))
            .Concat(GiRules.ProductMatches(harvest.Product, harvest.Variety, cert));
    }
}
