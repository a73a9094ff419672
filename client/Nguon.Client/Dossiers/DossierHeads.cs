using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>The chain heads a dossier states, each of which it carries a log proof for: the silo proves these, a
/// verifier expects them. Every batch's events (event count, head hash), and every farm's and certificate's log
/// (entry count, last entry's hash).</summary>
public static class DossierHeads
{
    public static IReadOnlyList<ChainHead> Of(
        IReadOnlyList<BatchNode> batches, IReadOnlyList<FarmLog> farms, IReadOnlyList<CertificateLog> certificates) =>
    [
        .. batches.Select(b => new ChainHead(RecordKind.Batch, b.Batch.Code, b.Batch.EventCount, b.Batch.HeadHash))
            .Concat(farms.Where(f => f.Entries.Count > 0)
                .Select(f => new ChainHead(RecordKind.Farm, f.Code, f.Entries.Count, f.Entries[^1].Hash)))
            .Concat(certificates.Where(c => c.Entries.Count > 0)
                .Select(c => new ChainHead(RecordKind.Certificate, c.Number, c.Entries.Count, c.Entries[^1].Hash)))
            .Distinct(),
    ];

    public static IReadOnlyList<ChainHead> Of(DossierPayload payload) =>
        Of(payload.Batches, payload.FarmLogs ?? [], payload.CertificateLogs ?? []);

    public static IReadOnlyList<ChainHead> Of(ProvenanceGraph graph) => Of(graph.Batches, graph.FarmLogs, graph.CertificateLogs);
}
