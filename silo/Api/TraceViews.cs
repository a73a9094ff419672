using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>How much of each batch's event history a trace carries (<c>?events=</c>): every event (<c>full</c>, the
/// default), each event's sequence, id and hashes (<c>hashes</c>: enough to check the chain against a copy kept
/// elsewhere), or none (<c>none</c>: the graph, its root hash and each batch's head).</summary>
public enum TraceEvents { Full, Hashes, None }

/// <summary>One event of a trace with <c>?events=hashes</c>.</summary>
public sealed record EventHashes(int Sequence, string EventId, string PreviousHash, string Hash);

/// <summary>A batch of a trace without its event bodies: the batch (with its head hash and event count), its events'
/// hashes when asked for, and its head signature.</summary>
public sealed record TraceBatch(Batch Batch, IReadOnlyList<EventHashes>? Events, HeadSignature? Signature);

/// <summary>A backward trace with <c>?events=hashes|none</c>: the same graph and root hash as the full trace.</summary>
public sealed record TraceSummary(
    string Root, string RootHash, IReadOnlyList<TraceBatch> Batches, IReadOnlyList<Farm> Farms,
    IReadOnlyList<Certificate> Certificates, IReadOnlyList<string> Missing, IReadOnlyList<FarmLog> FarmLogs,
    IReadOnlyList<CertificateLog> CertificateLogs)
{
    public static TraceSummary Of(ProvenanceGraph graph, TraceEvents events) => new(
        graph.Root, graph.RootHash,
        [.. graph.Batches.Select(n => new TraceBatch(n.Batch, events == TraceEvents.Hashes
            ? [.. n.Events.Select(e => new EventHashes(e.Sequence, e.EventId, e.PreviousHash, e.Hash))]
            : null, n.Signature))],
        graph.Farms, graph.Certificates, graph.Missing, graph.FarmLogs, graph.CertificateLogs);

    /// <summary>Parses <c>?events=</c>: null (absent) is <see cref="TraceEvents.Full"/>; false for anything else.</summary>
    public static bool TryParse(string? value, out TraceEvents events)
    {
        events = TraceEvents.Full;
        return value is null || (Enum.TryParse(value, ignoreCase: true, out events) && Enum.IsDefined(events)
            && !int.TryParse(value, out _));
    }
}
