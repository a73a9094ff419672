using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.ReadModel;

/// <summary>How fresh the read model is, and its rebuild from the grains (administrators).</summary>
public static class ReadModelEndpoints
{
    public static RouteGroupBuilder MapReadModel(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/read-model").WithTags("Read model").WithInputChecks().RequireAuthorization();
        api.MapGet("", Status).WithSummary("How fresh the lists are: this silo's watermark, what it could not project yet, the last sweep");
        api.MapPost("/reindex", Reindex).WithMetadata(Api.Idempotency.NotReplayable)
            .WithSummary("Rebuild the read model from grain state, reporting and fixing every difference (admin)");
        return api;
    }

    public sealed record ReadModelStatus(
        DateTimeOffset AsOf, DateTimeOffset? SweptAt, int Behind, RepairReport? LastSweep, long Projections, long Transactions);

    public static async Task<Ok<ReadModelStatus>> Status(ReadModelWriter writer, ReadModelWatermark watermark, ReadModelSweeper sweeper)
    {
        var mark = await watermark.Current();
        var (transactions, projections) = writer.Counts;
        return TypedResults.Ok(new ReadModelStatus(mark.AsOf, mark.SweptAt, writer.Behind.Count, sweeper.Last, projections, transactions));
    }

    public static async Task<Results<Ok<RepairReport>, ProblemHttpResult>> Reindex(
        ReadModelRepair repair, HttpContext http, CancellationToken cancellationToken)
    {
        if (Permissions.RequireRole(http.Actor(), "rebuild the read model", Role.Admin) is { } denied)
            return Outcome<RepairReport>.Forbidden(denied).ToProblem();
        return TypedResults.Ok(await repair.Rebuild(cancellationToken));
    }
}
