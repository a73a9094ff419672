using Nguon.Model;

namespace Nguon.Domain.Log;

/// <summary>A record rolled back in the database: whoever can write the database can put back an older row, validly
/// hashed and sealed (a certificate before its suspension, a batch before its recall). The transparency log cannot be
/// rolled back unnoticed, and its index names each record's newest logged head: a record whose head is older than the
/// log's was rolled back. (A head newer than the log's is normal: it is logged within the checkpoint interval.)</summary>
public static class LogRollback
{
    /// <summary>The chain head of every record in the graph (<paramref name="batches"/>: the batches' too).</summary>
    public static IReadOnlyList<ChainHead> Heads(ProvenanceGraph graph, bool batches = true) =>
        ChainHeads.Of(batches ? graph.Batches : [], graph.FarmLogs, graph.CertificateLogs);

    /// <param name="logged">Each head's record's newest logged leaf, by position (null: none logged yet).</param>
    public static IEnumerable<Violation> Check(IReadOnlyList<ChainHead> heads, IReadOnlyList<LogEntry?> logged)
    {
        for (var i = 0; i < heads.Count; i++)
        {
            var head = heads[i];
            if (logged[i] is { } entry && entry.Leaf.Record == LogLeaf.RecordOf(head.Kind, head.Id) && entry.Leaf.Sequence > head.Sequence)
                yield return new("integrity.rollback", $"the transparency log holds head {entry.Leaf.Sequence} of "
                    + $"{LogLeaf.KindName(head.Kind)} {head.Id} (leaf {entry.Index}), but the record has only {head.Sequence}: "
                    + "it was rolled back");
        }
    }
}
