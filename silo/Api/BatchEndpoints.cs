using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>Batches: events, splits, merges and transformations, traces and verification. Who may read what is
/// decided by the grains (they take the reader); handlers only bind, call and translate.</summary>
public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Batches").WithInputChecks().WithIdempotency();
        var api = group.MapGroup("").RequireAuthorization();

        api.MapGet("", ListEndpoints.Batches).WithSummary(
            "List and search the batches you may read (?gi= &season= &farm= &custodian= &status= &step= &destination= &from= &to= "
            + "&gtin= &q= &limit= &cursor=), in code order, from the read model");
        api.MapGet("/{code}", GetBatch).WithSummary(
            "Read a batch (its custodian, destination and former custodians, inspectors, authority)");
        api.MapGet("/{code}/events", GetEvents).WithSummary("The batch's EPCIS event history, oldest first, with hashes");
        api.MapPost("/{code}/events", RecordEvent).WithSummary(
            "Record an event: the custodian records; the named receiver receives; an inspector inspects, samples or holds");
        api.MapPost("/{code}/recall", Recall).WithSummary(
            "Recall the batch, consumed or not, with a reason (inspectors, authority): every descendant's verdict says recalled");
        api.MapPost("/{code}/split", Split).WithSummary("Split the batch into new batches (custodian only; mass balance checked)");
        api.MapPost("/merges", Merge).WithSummary(
            "Merge batches in your custody into a new batch (output = sum of inputs; GI kept only if every input carries it)");
        api.MapPost("/transformations", Transform).WithSummary(
            "Transform batches in your custody into a new product (output ≤ inputs × declared yield factor)");
        api.MapGet("/{code}/trace", Trace).WithSummary(
            "Backward trace: ancestors, their events, farms and GI certificates, with the root hash (?events=full|hashes|none)");
        api.MapGet("/{code}/epcis", EpcisExportEndpoints.Export).WithSummary(
            "The backward chain as one EPCIS 2.0 document (application/ld+json), every eventID its CBV 2.0 hash ID")
            .Produces(StatusCodes.Status200OK, contentType: EpcisExportEndpoints.ContentType);
        api.MapGet("/{code}/descendants", Descendants).WithSummary("Forward trace: every batch downstream (the recall scope)");
        api.MapGet("/{code}/verification/full", FullVerification).WithSummary(
            "Verification with every internal reason (custodian, inspectors, authority), and the destination market's import " +
            "rules (?market=JP, or the country the batch is shipped to)");
        group.MapGet("/{code}/verification", PublicVerification).WithSummary(
            "Public verification of the batch's GI claim (or the GI a label claims, ?claim=…): verdict and reasons, no key needed")
            .Produces<PublicVerification>(contentType: "application/json");
        return group;
    }

    public static async Task<Results<Ok<Batch>, ProblemHttpResult>> GetBatch(string code, [AsParameters] GrainRequest r) =>
        (await r.Batch(code).Get(r.Actor)).ToOk();

    public static async Task<Results<Ok<IReadOnlyList<BatchEvent>>, ProblemHttpResult>> GetEvents(
        string code, [AsParameters] GrainRequest r) =>
        (await r.Batch(code).GetEvents(r.Actor)).ToOk();

    public static async Task<Results<Created<BatchEvent>, ProblemHttpResult>> RecordEvent(
        string code, RecordEvent body, [AsParameters] GrainRequest r) =>
        (await r.Batch(code).RecordEvent(body with { EventId = body.EventId ?? r.OperationId }, r.Actor))
            .ToCreated(e => $"/api/batches/{code}/events#{e.Sequence}");

    public static async Task<Results<Created<BatchEvent>, ProblemHttpResult>> Recall(
        string code, RecallBatch body, [AsParameters] GrainRequest r) =>
        (await r.Batch(code).Recall(body with { EventId = body.EventId ?? r.OperationId }, r.Actor))
            .ToCreated(e => $"/api/batches/{code}/events#{e.Sequence}");

    public static async Task<Results<Created<IReadOnlyList<Batch>>, ProblemHttpResult>> Split(
        string code, SplitBatch body, [AsParameters] GrainRequest r) =>
        (await r.Batch(code).Split(body, r.Actor, r.OperationId)).ToCreated(_ => $"/api/batches/{code}/descendants");

    public static Task<Results<Created<Batch>, ProblemHttpResult>> Merge(CombineBatches body, [AsParameters] GrainRequest r) =>
        Combine(body with { Kind = OriginKind.Merge }, r);

    public static Task<Results<Created<Batch>, ProblemHttpResult>> Transform(CombineBatches body, [AsParameters] GrainRequest r) =>
        Combine(body with { Kind = OriginKind.Transformation }, r);

    public static async Task<Results<Ok<ProvenanceGraph>, Ok<TraceSummary>, ProblemHttpResult>> Trace(
        string code, string? events, [AsParameters] GrainRequest r)
    {
        if (!TraceSummary.TryParse(events, out var shape))
            return ApiResults.Problem(StatusCodes.Status400BadRequest,
                [new Violation("input.events", $"?events= is full, hashes or none, not '{events}'")]);
        var traced = await r.Trace.Backward(code, r.Actor);
        if (!traced.IsOk) return traced.ToProblem();
        return shape == TraceEvents.Full ? TypedResults.Ok(traced.Value!) : TypedResults.Ok(TraceSummary.Of(traced.Value!, shape));
    }

    public static async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> Descendants(string code, [AsParameters] GrainRequest r) =>
        (await r.Trace.Forward(code, r.Actor)).ToOk();

    public static async Task<Results<Ok<Verification>, ProblemHttpResult>> FullVerification(
        string code, string? claim, string? market, [AsParameters] GrainRequest r) =>
        (await r.Trace.VerifyForMarket(code, claim, market, r.Actor)).ToOk();

    /// <summary>Revalidated (<see cref="Revalidation"/>): a shopper's app that scanned the lot before gets 304 while
    /// the verdict and everything it shows are unchanged.</summary>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> PublicVerification(
        string code, string? claim, IGrainFactory grains, HttpContext http, IOptions<JsonOptions> json)
    {
        var outcome = await grains.GetGrain<IScanGrain>(0).Scan(code, claim);
        if (!outcome.IsOk) return outcome.ToProblem();
        return Revalidation.IsCurrent(http, Revalidation.Tag(outcome.Value!.Fingerprint))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(VerdictRenderings.Json(outcome.Value!, json), "application/json; charset=utf-8");
    }

    private static async Task<Results<Created<Batch>, ProblemHttpResult>> Combine(CombineBatches body, GrainRequest r) =>
        Domain.InputRules.Id(body.BatchCode, "batch code") is { } bad
            ? Outcome<Batch>.Rejected([bad]).ToProblem()
            : (await r.Batch(body.BatchCode).Combine(body, r.Actor, r.OperationId)).ToCreated(b => $"/api/batches/{b.Code}");
}
