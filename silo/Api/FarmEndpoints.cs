using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Farms;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class FarmEndpoints
{
    public static RouteGroupBuilder MapFarms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/farms").WithTags("Farms").AddEndpointFilter<ValidIdsFilter>();

        group.MapPut("/{code}", async Task<Results<Created<Farm>, ProblemHttpResult>> (string code, RegisterFarm body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).Register(body, http.Actor())).ToCreated(f => $"/api/farms/{f.Code}"))
            .WithSummary("Register a farm under its growing-area code");

        group.MapGet("/{code}", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
            await grains.GetGrain<IFarmGrain>(code).Get() is { } farm
                ? TypedResults.Ok(farm)
                : Outcome<Farm>.NotFound("farm.unknown", $"farm {code} is not registered").ToProblem())
            .WithSummary("Read a farm with its authorisations and season totals");

        group.MapPost("/{code}/authorisations", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, AuthoriseFarm body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).Authorise(body, http.Actor())).ToOk())
            .WithSummary("Authorise the farm to use a GI (its location must lie inside the protected area)");

        group.MapPost("/{code}/authorisations/{gi}/status", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, string gi, ChangeStatus body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).ChangeAuthorisation(gi, body, http.Actor())).ToOk())
            .WithSummary("Suspend, reinstate or revoke a farm's GI authorisation");

        group.MapPost("/{code}/harvests", async Task<Results<Created<Batch>, ProblemHttpResult>> (string code, RecordHarvest body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).RecordHarvest(body, http.Actor())).ToCreated(b => $"/api/batches/{b.Code}"))
            .WithSummary("Record a harvest: creates the batch (EPCIS commissioning) and checks its GI claim");

        group.MapGet("/{code}/seasons/{season}", async Task<Results<Ok<FarmSeason>, ProblemHttpResult>> (string code, string season, IGrainFactory grains) =>
            await grains.GetGrain<IFarmGrain>(code).Get() is null
                ? Outcome<FarmSeason>.NotFound("farm.unknown", $"farm {code} is not registered").ToProblem()
                : TypedResults.Ok(await grains.GetGrain<IFarmSeasonGrain>(FarmGrain.SeasonKey(code, season)).Get()))
            .WithSummary("The farm's harvests and total in one season");

        group.MapGet("/{code}/seasons/{season}/recall-scope", async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> (string code, string season, IGrainFactory grains) =>
            (await grains.GetGrain<ITraceGrain>(0).RecallScope(code, season)).ToOk())
            .WithSummary("Forward trace of every batch that came from this farm's season");

        return group;
    }
}
