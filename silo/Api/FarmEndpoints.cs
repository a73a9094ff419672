using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>Farms: registration, GI authorisations, harvests, season ledgers and recall scopes. The farm grain
/// and the trace decide who may read.</summary>
public static class FarmEndpoints
{
    public static RouteGroupBuilder MapFarms(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/farms").WithTags("Farms").WithInputChecks().WithIdempotency().RequireAuthorization();

        api.MapGet("", ListEndpoints.Farms).WithSummary(
            "List the farms you may read (?commune= &gi= &authorised=true|false &limit= &cursor=), from the read model");
        api.MapPut("/{code}", Register).WithSummary("Register a farm under its growing-area code");
        api.MapGet("/{code}", GetFarm).WithSummary("Read a farm with its authorisations and season totals (owner, inspectors, authority)");
        api.MapPost("/{code}/authorisations", Authorise)
            .WithSummary("Authorise the farm to use a GI (its location must lie inside the protected area)");
        api.MapPost("/{code}/authorisations/{gi}/status", ChangeAuthorisation)
            .WithSummary("Suspend, reinstate or revoke a farm's GI authorisation");
        api.MapPost("/{code}/harvests", RecordHarvest)
            .WithSummary("Record a harvest: creates the batch (EPCIS commissioning) and checks its GI claim");
        api.MapGet("/{code}/seasons/{season}", GetSeason).WithSummary("The farm's harvests and total in one season");
        api.MapGet("/{code}/seasons/{season}/recall-scope", RecallScope)
            .WithSummary("Forward trace of every batch that came from this farm's season");
        api.MapPost("/{code}/seasons/{season}/recall", RecallSeason)
            .WithSummary("Recall every harvest of the season with a reason (inspectors, authority), and so everything they reached");
        return api;
    }

    public static async Task<Results<Created<Farm>, ProblemHttpResult>> Register(
        string code, RegisterFarm body, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).Register(body, r.Actor, r.OperationId)).ToCreated(f => $"/api/farms/{f.Code}");

    public static async Task<Results<Ok<Farm>, ProblemHttpResult>> GetFarm(string code, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).Get(r.Actor)).ToOk();

    public static async Task<Results<Ok<Farm>, ProblemHttpResult>> Authorise(
        string code, AuthoriseFarm body, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).Authorise(body, r.Actor, r.OperationId)).ToOk();

    public static async Task<Results<Ok<Farm>, ProblemHttpResult>> ChangeAuthorisation(
        string code, string gi, ChangeStatus body, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).ChangeAuthorisation(gi, body, r.Actor, r.OperationId)).ToOk();

    public static async Task<Results<Created<Batch>, ProblemHttpResult>> RecordHarvest(
        string code, RecordHarvest body, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).RecordHarvest(body, r.Actor)).ToCreated(b => $"/api/batches/{b.Code}");

    public static async Task<Results<Ok<FarmSeason>, ProblemHttpResult>> GetSeason(
        string code, string season, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).GetSeason(season, r.Actor)).ToOk();

    public static async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> RecallScope(
        string code, string season, [AsParameters] GrainRequest r) =>
        (await r.Trace.RecallScope(code, season, r.Actor)).ToOk();

    public static async Task<Results<Ok<SeasonRecall>, ProblemHttpResult>> RecallSeason(
        string code, string season, RecallBatch body, [AsParameters] GrainRequest r) =>
        (await r.Farm(code).RecallSeason(season, body with { EventId = body.EventId ?? r.OperationId }, r.Actor)).ToOk();
}
