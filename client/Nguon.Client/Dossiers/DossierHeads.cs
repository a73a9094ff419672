using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>The chain heads a dossier states, each of which it carries a log proof for: the silo proves these, a
/// verifier expects them. Today every batch's events (head hash, event count); farm and certificate logs join here
/// when their records are hash-chained.</summary>
public static class DossierHeads
{
    public static IReadOnlyList<ChainHead> Of(IReadOnlyList<BatchNode> batches) =>
        [.. batches.Select(b => new ChainHead(RecordKind.Batch, b.Batch.Code, b.Batch.EventCount, b.Batch.HeadHash)).Distinct()];
}
