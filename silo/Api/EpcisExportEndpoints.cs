using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain.Epcis;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>A lot's backward chain as one EPCIS 2.0 document: every event of every batch the backward trace holds, each in
/// its EPCIS form (Domain/Epcis/NguonEpcisForm) with its hash ID as eventID, by event time, then batch, then sequence.
/// Who may read it is who may read the trace. A take or split whose outputs all lie outside the chain is left out: no
/// fruit of it reached the lot.</summary>
public static class EpcisExportEndpoints
{
    public const string ContentType = "application/ld+json";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string code, [AsParameters] GrainRequest r)
    {
        var traced = await r.Trace.Backward(code, r.Actor);
        if (!traced.IsOk) return traced.ToProblem();
        var graph = traced.Value!;
        var batches = graph.Batches.ToDictionary(n => n.Batch.Code, n => n.Batch, StringComparer.Ordinal);
        var events = graph.Batches
            .SelectMany(n => n.Events.Where(e => e.Outputs.Count == 0 || e.Outputs.Any(o => batches.ContainsKey(o.Batch)))
                .Select(e => (n.Batch, Event: e)))
            .OrderBy(x => x.Event.EventTime).ThenBy(x => x.Batch.Code, StringComparer.Ordinal).ThenBy(x => x.Event.Sequence).ToList();

        // A split's parts outside the chain are named by their public labels; every GTIN's prefix length writes its URN.
        var outside = events.SelectMany(x => x.Event.Outputs).Select(o => o.Batch).Where(c => !batches.ContainsKey(c)).Distinct().ToList();
        var labels = await Fanout.Map(outside, c => r.Batch(c).GetLabel());
        var labelled = labels.Where(l => l.IsOk).Select(l => l.Value!).ToDictionary(l => l.Batch, StringComparer.Ordinal);
        var facts = await EpcisFacts.Of(r.Grains, batches, labelled);

        var document = NguonEpcisForm.EpcisDocument(events.Select(x => NguonEpcisForm.Of(x.Batch, x.Event, facts)));
        return TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(document), ContentType);
    }
}
