using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain.Log;
using Nguon.Log;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>The transparency log, public: signed checkpoints, leaves, and RFC 9162 inclusion and consistency proofs.
/// Anyone may keep checkpoints and check that the log only grew (`nguon log verify`).</summary>
public static class LogEndpoints
{
    public static RouteGroupBuilder MapLog(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/log").WithTags("Transparency log");
        api.MapGet("/checkpoint", Latest).WithSummary(
            "The newest signed checkpoint: tree size, root hash (RFC 9162 Merkle tree hash), time, ES256 signature by a key of the JWKS");
        api.MapGet("/checkpoints", Checkpoints)
            .WithSummary($"The stored checkpoints, oldest first, {LogTree.Default.PageSize} a page (?page=0)");
        api.MapGet("/checkpoints/{size}", CheckpointOf).WithSummary("The checkpoint the log published at exactly this tree size");
        api.MapGet("/leaves", Leaves).WithSummary(
            $"Leaves ?start=…&count=… (at most {LogQueryGrain.MaxLeaves}) below the newest checkpoint's size: each a record's "
            + "SHA-256 of \"kind/id\", sequence, head hash and time");
        api.MapGet("/proofs/inclusion", Inclusion).WithSummary(
            "RFC 9162 inclusion proof (audit path) of leaf ?index=… in the tree of ?size=… leaves");
        api.MapGet("/proofs/consistency", Consistency).WithSummary(
            "RFC 9162 consistency proof that the tree of ?first=… leaves is a prefix of the tree of ?second=… leaves");
        return api;
    }

    public static async Task<Results<Ok<LogCheckpoint>, ProblemHttpResult>> Latest(IGrainFactory grains) =>
        await Query(grains).Latest() is { } checkpoint ? TypedResults.Ok(checkpoint) : NoCheckpoint().ToProblem();

    public static async Task<Results<Ok<CheckpointPage>, ProblemHttpResult>> Checkpoints(int? page, IGrainFactory grains) =>
        page is < 0
            ? Outcome<CheckpointPage>.Rejected("input.log", $"page must be 0 or more (got {page})").ToProblem()
            : TypedResults.Ok(await Query(grains).Checkpoints(page ?? 0));

    public static async Task<Results<Ok<LogCheckpoint>, ProblemHttpResult>> CheckpointOf(long size, IGrainFactory grains) =>
        await Query(grains).CheckpointOf(size) is { } checkpoint
            ? TypedResults.Ok(checkpoint)
            : Outcome<LogCheckpoint>.NotFound("log.no-checkpoint", $"the log published no checkpoint of {size} leaves").ToProblem();

    public static async Task<Results<Ok<IReadOnlyList<LogEntry>>, ProblemHttpResult>> Leaves(
        long? start, int? count, IGrainFactory grains) =>
        start is null
            ? Missing<IReadOnlyList<LogEntry>>("start")
            : (await Query(grains).Leaves(start.Value, count ?? LogQueryGrain.MaxLeaves)).ToOk();

    public static async Task<Results<Ok<InclusionProof>, ProblemHttpResult>> Inclusion(long? index, long? size, IGrainFactory grains) =>
        index is null ? Missing<InclusionProof>("index")
        : size is null ? Missing<InclusionProof>("size")
        : (await Query(grains).Inclusion(index.Value, size.Value)).ToOk();

    public static async Task<Results<Ok<ConsistencyProof>, ProblemHttpResult>> Consistency(
        long? first, long? second, IGrainFactory grains) =>
        first is null ? Missing<ConsistencyProof>("first")
        : second is null ? Missing<ConsistencyProof>("second")
        : (await Query(grains).Consistency(first.Value, second.Value)).ToOk();

    private static ILogQueryGrain Query(IGrainFactory grains) => grains.GetGrain<ILogQueryGrain>(0);

    private static Outcome<LogCheckpoint> NoCheckpoint() =>
        Outcome<LogCheckpoint>.NotFound("log.empty", "the log has no signed checkpoint yet");

    private static ProblemHttpResult Missing<T>(string parameter) =>
        Outcome<T>.Rejected("input.log", $"the query parameter {parameter} is required").ToProblem();
}
