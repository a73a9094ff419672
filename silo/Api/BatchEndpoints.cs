using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Batches").AddEndpointFilter<ValidIdsFilter>().WithIdempotency();
        var authenticated = group.MapGroup("").RequireAuthorization();

        authenticated.MapGet("/{code}", async Task<Results<Ok<Batch>, ProblemHttpResult>> (string code, IGrainFactory grains, HttpContext http) =>
            await Readable(code, grains, http) is var (batch, problem) && problem is null ? TypedResults.Ok(batch!) : problem!)
            .WithSummary("Read a batch (custodian, inspectors, authority)");

        authenticated.MapGet("/{code}/events", async Task<Results<Ok<IReadOnlyList<BatchEvent>>, ProblemHttpResult>> (string code, IGrainFactory grains, HttpContext http) =>
        {
            if ((await Readable(code, grains, http)).Problem is { } problem) return problem;
            return TypedResults.Ok((await grains.GetGrain<IBatchGrain>(code).GetNode())!.Events);
        }).WithSummary("The batch's EPCIS event history, oldest first, with hashes");

        authenticated.MapPost("/{code}/events", async Task<Results<Created<BatchEvent>, ProblemHttpResult>> (string code, RecordEvent body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IBatchGrain>(code).RecordEvent(body with { EventId = body.EventId ?? http.OperationId() }, http.Actor())).ToCreated(e => $"/api/batches/{code}/events#{e.Sequence}"))
            .WithSummary("Record an event: the custodian records; the named receiver receives; an inspector inspects or recalls (disposition recalled)");

        authenticated.MapPost("/{code}/split", async Task<Results<Created<IReadOnlyList<Batch>>, ProblemHttpResult>> (string code, SplitBatch body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IBatchGrain>(code).Split(body, http.Actor(), http.OperationId())).ToCreated(_ => $"/api/batches/{code}/descendants"))
            .WithSummary("Split the batch into new batches (custodian only; mass balance checked)");

        authenticated.MapPost("/merges", (CombineBatches body, IGrainFactory grains, HttpContext http) => Combine(body with { Kind = OriginKind.Merge }, grains, http))
            .WithSummary("Merge batches in your custody into a new batch (output = sum of inputs; GI kept only if every input carries it)");

        authenticated.MapPost("/transformations", (CombineBatches body, IGrainFactory grains, HttpContext http) => Combine(body with { Kind = OriginKind.Transformation }, grains, http))
            .WithSummary("Transform batches in your custody into a new product (output ≤ inputs × declared yield factor)");

        authenticated.MapGet("/{code}/trace", async Task<Results<Ok<ProvenanceGraph>, ProblemHttpResult>> (string code, IGrainFactory grains, HttpContext http) =>
            (await Readable(code, grains, http)).Problem ?? (await grains.GetGrain<ITraceGrain>(0).Backward(code)).ToOk())
            .WithSummary("Backward trace: ancestors, their events, farms and GI certificates, with the root hash");

        authenticated.MapGet("/{code}/descendants", async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> (string code, IGrainFactory grains, HttpContext http) =>
            (await Readable(code, grains, http)).Problem ?? (await grains.GetGrain<ITraceGrain>(0).Forward(code)).ToOk())
            .WithSummary("Forward trace: every batch downstream (the recall scope)");

        authenticated.MapGet("/{code}/verification/full", async Task<Results<Ok<Verification>, ProblemHttpResult>> (string code, string? claim, string? market, IGrainFactory grains, HttpContext http) =>
            BadClaim(claim) ?? BadClaim(market) ?? (await Readable(code, grains, http)).Problem ?? (await grains.GetGrain<ITraceGrain>(0).VerifyForMarket(code, claim, market)).ToOk())
            .WithSummary("Verification with every internal reason (custodian, inspectors, authority), and the destination market's import rules (?market=JP, or the country the batch is shipped to)");

        group.MapGet("/{code}/verification", async Task<Results<Ok<PublicVerification>, ProblemHttpResult>> (string code, string? claim, IGrainFactory grains) =>
            BadClaim(claim) ?? (await grains.GetGrain<ITraceGrain>(0).VerifyPublic(code, claim)).ToOk())
            .WithSummary("Public verification of the batch's GI claim (or the GI a label claims, ?claim=…): verdict and reasons, no key needed");

        return group;
    }

    internal static ProblemHttpResult? BadClaim(string? claim) =>
        claim is not null && !Ids.IsValid(claim) ? Outcome<Verification>.Rejected("input.id", $"'{claim}' is not a valid GI number").ToProblem() : null;

    /// <summary>The batch, if it exists and the caller may read its full record.</summary>
    internal static async Task<(Batch? Batch, ProblemHttpResult? Problem)> Readable(string code, IGrainFactory grains, HttpContext http)
    {
        var batch = await grains.GetGrain<IBatchGrain>(code).Get();
        if (batch is null) return (null, Outcome<Batch>.NotFound("batch.unknown", $"batch {code} is not registered").ToProblem());
        var actor = http.Actor();
        return Permissions.MayReadBatch(actor, batch)
            ? (batch, null)
            : (null, ApiResults.Forbidden($"{actor.Organisation} may not read the record of {code}: it is in the custody of another party"));
    }

    private static async Task<Results<Created<Batch>, ProblemHttpResult>> Combine(CombineBatches body, IGrainFactory grains, HttpContext http)
    {
        if (!Ids.IsValid(body.BatchCode))
            return Outcome<Batch>.Rejected("input.id", $"'{body.BatchCode}' is not a valid batch code").ToProblem();
        return (await grains.GetGrain<IBatchGrain>(body.BatchCode).Combine(body, http.Actor(), http.OperationId())).ToCreated(b => $"/api/batches/{b.Code}");
    }
}
