using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Batches").AddEndpointFilter<ValidIdsFilter>();

        group.MapGet("/{code}", async Task<Results<Ok<Batch>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
            await grains.GetGrain<IBatchGrain>(code).Get() is { } batch ? TypedResults.Ok(batch) : Unknown<Batch>(code))
            .WithSummary("Read a batch");

        group.MapGet("/{code}/events", async Task<Results<Ok<IReadOnlyList<BatchEvent>>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
            await grains.GetGrain<IBatchGrain>(code).GetNode() is { } node ? TypedResults.Ok(node.Events) : Unknown<IReadOnlyList<BatchEvent>>(code))
            .WithSummary("The batch's EPCIS event history, oldest first, with hashes");

        group.MapPost("/{code}/events", async Task<Results<Created<BatchEvent>, ProblemHttpResult>> (string code, RecordEvent body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IBatchGrain>(code).RecordEvent(body, http.Actor())).ToCreated(e => $"/api/batches/{code}/events#{e.Sequence}"))
            .WithSummary("Record an event (packing, fumigation, shipping, receiving, inspecting, recall by disposition …)");

        group.MapPost("/{code}/split", async Task<Results<Created<IReadOnlyList<Batch>>, ProblemHttpResult>> (string code, SplitBatch body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IBatchGrain>(code).Split(body, http.Actor())).ToCreated(_ => $"/api/batches/{code}/descendants"))
            .WithSummary("Split the batch into new batches (mass balance checked)");

        group.MapPost("/merges", (CombineBatches body, IGrainFactory grains, HttpContext http) => Combine(body with { Kind = OriginKind.Merge }, grains, http))
            .WithSummary("Merge batches into a new batch (output = sum of inputs; GI kept only if every input carries it)");

        group.MapPost("/transformations", (CombineBatches body, IGrainFactory grains, HttpContext http) => Combine(body with { Kind = OriginKind.Transformation }, grains, http))
            .WithSummary("Transform batches into a new product (output ≤ inputs × declared yield factor)");

        group.MapGet("/{code}/trace", async Task<Results<Ok<ProvenanceGraph>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
            (await grains.GetGrain<ITraceGrain>(0).Backward(code)).ToOk())
            .WithSummary("Backward trace: ancestors, their events, farms and GI certificates, with the root hash");

        group.MapGet("/{code}/descendants", async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
            (await grains.GetGrain<ITraceGrain>(0).Forward(code)).ToOk())
            .WithSummary("Forward trace: every batch downstream (the recall scope)");

        group.MapGet("/{code}/verification", async Task<Results<Ok<Verification>, ProblemHttpResult>> (string code, string? claim, IGrainFactory grains) =>
            claim is not null && !Ids.IsValid(claim)
                ? Outcome<Verification>.Rejected("input.id", $"'{claim}' is not a valid GI number").ToProblem()
                : (await grains.GetGrain<ITraceGrain>(0).Verify(code, claim)).ToOk())
            .WithSummary("Verify the batch's GI claim (or the GI a label claims, ?claim=…): verdict and every reason");

        return group;
    }

    private static async Task<Results<Created<Batch>, ProblemHttpResult>> Combine(CombineBatches body, IGrainFactory grains, HttpContext http)
    {
        if (!Ids.IsValid(body.BatchCode))
            return Outcome<Batch>.Rejected("input.id", $"'{body.BatchCode}' is not a valid batch code").ToProblem();
        return (await grains.GetGrain<IBatchGrain>(body.BatchCode).Combine(body, http.Actor())).ToCreated(b => $"/api/batches/{b.Code}");
    }

    private static ProblemHttpResult Unknown<T>(string code) => Outcome<T>.NotFound("batch.unknown", $"batch {code} is not registered").ToProblem();
}
