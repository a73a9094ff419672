using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>The chain heads a dossier states, each of which it carries a log proof for: the silo proves these, a
/// verifier expects them. Every batch's events (event count, head hash), and every farm's and certificate's log
/// (entry count, last entry's hash).</summary>
public static class DossierHeads
{
    public static IReadOnlyList<ChainHead> Of(DossierPayload payload) =>
        ChainHeads.Of(payload.Batches, payload.FarmLogs ?? [], payload.CertificateLogs ?? []);

    public static IReadOnlyList<ChainHead> Of(ProvenanceGraph graph) => ChainHeads.Of(graph.Batches, graph.FarmLogs, graph.CertificateLogs);
}
