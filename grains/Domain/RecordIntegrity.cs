using Nguon.Domain.Batches;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>The integrity half of verification: every record a verdict reads is recomputed from what is hashed and
/// signed, and whatever does not match is reported naming the record. What the verdict then reads is what the chains
/// say (replayed batch headers, folded farms and certificates), never the stored copies.</summary>
public static class RecordIntegrity
{
    /// <summary>A batch: its creation record against its first event, its events' chain and head, its signed head, and
    /// the header fields its events imply. Returns the header as replayed from the events.</summary>
    public static Batch Batch(BatchNode node, HeadCheck heads, List<Violation> reasons)
    {
        var (batch, events) = (node.Batch, node.Events);
        var creation = BatchRecord.CreationHash(batch);
        reasons.AddRange(EventHashing.VerifyChain(batch.Code, creation, events, batch.HeadHash));
        if (events.Count != batch.EventCount)
            reasons.Add(new("integrity.count", $"{batch.Code} records {batch.EventCount} events but {events.Count} were found"));
        var head = new ChainHead(RecordKind.Batch, batch.Code, events.Count, events.Count > 0 ? events[^1].Hash : creation);
        if (HeadSigning.Check(head, node.Signature, heads) is { } unsigned) reasons.Add(unsigned);
        var replayed = BatchRecord.Replay(batch, events);
        if (BatchRecord.Disagreements(batch, replayed) is { Count: > 0 } fields)
            reasons.Add(new("integrity.header",
                $"the record of batch {batch.Code} disagrees with its events ({string.Join(", ", fields)})"));
        return replayed;
    }

    /// <summary>The farms as their verified logs make them, by code; a farm presented without its log, or unlike it,
    /// is reported and left out.</summary>
    public static Dictionary<string, Farm> Farms(ProvenanceGraph graph, HeadCheck heads, List<Violation> reasons)
    {
        var folded = new Dictionary<string, Farm>(StringComparer.Ordinal);
        foreach (var log in graph.FarmLogs)
        {
            reasons.AddRange(FarmChain.Verify(log.Code, log.Entries));
            if (HeadSigning.Check(FarmChain.Head(log.Code, log.Entries), log.Signature, heads) is { } unsigned) reasons.Add(unsigned);
            if (FarmChain.Fold(log.Code, log.Entries) is { } farm) folded[log.Code] = farm;
        }
        foreach (var farm in graph.Farms)
            if (!folded.TryGetValue(farm.Code, out var fromLog) || !FarmChain.Describes(farm, fromLog))
                reasons.Add(new("integrity.farm", $"the record of farm {farm.Code} is not what its log makes it"));
        return folded;
    }

    /// <summary>The certificates as their verified logs make them, by number; as for <see cref="Farms"/>.</summary>
    public static Dictionary<string, Certificate> Certificates(ProvenanceGraph graph, HeadCheck heads, List<Violation> reasons)
    {
        var folded = new Dictionary<string, Certificate>(StringComparer.Ordinal);
        foreach (var log in graph.CertificateLogs)
        {
            reasons.AddRange(CertificateChain.Verify(log.Number, log.Entries));
            if (HeadSigning.Check(CertificateChain.Head(log.Number, log.Entries), log.Signature, heads) is { } unsigned)
                reasons.Add(unsigned);
            if (CertificateChain.Fold(log.Number, log.Entries) is { } cert) folded[log.Number] = cert;
        }
        foreach (var cert in graph.Certificates)
            if (!folded.TryGetValue(cert.Number, out var fromLog) || !CertificateChain.Describes(cert, fromLog))
                reasons.Add(new("integrity.certificate", $"the record of certificate {cert.Number} is not what its log makes it"));
        return folded;
    }
}
