using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Farms;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class FarmEndpoints
{
    public static RouteGroupBuilder MapFarms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/farms").WithTags("Farms").AddEndpointFilter<ValidIdsFilter>().WithIdempotency().RequireAuthorization();

        group.MapPut("/{code}", async Task<Results<Created<Farm>, ProblemHttpResult>> (string code, RegisterFarm body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).Register(body, http.Actor(), http.OperationId())).ToCreated(f => $"/api/farms/{f.Code}"))
            .WithSummary("Register a farm under its growing-area code");

        group.MapGet("/{code}", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, IGrainFactory grains, HttpContext http) =>
            await Readable(code, grains, http) is var (farm, problem) && problem is null ? TypedResults.Ok(farm!) : problem!)
            .WithSummary("Read a farm with its authorisations and season totals (owner, inspectors, authority)");

        group.MapPost("/{code}/authorisations", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, AuthoriseFarm body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).Authorise(body, http.Actor(), http.OperationId())).ToOk())
            .WithSummary("Authorise the farm to use a GI (its location must lie inside the protected area)");

        group.MapPost("/{code}/authorisations/{gi}/status", async Task<Results<Ok<Farm>, ProblemHttpResult>> (string code, string gi, ChangeStatus body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).ChangeAuthorisation(gi, body, http.Actor(), http.OperationId())).ToOk())
            .WithSummary("Suspend, reinstate or revoke a farm's GI authorisation");

        group.MapPost("/{code}/harvests", async Task<Results<Created<Batch>, ProblemHttpResult>> (string code, RecordHarvest body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IFarmGrain>(code).RecordHarvest(body, http.Actor())).ToCreated(b => $"/api/batches/{b.Code}"))
            .WithSummary("Record a harvest: creates the batch (EPCIS commissioning) and checks its GI claim");

        group.MapGet("/{code}/seasons/{season}", async Task<Results<Ok<FarmSeason>, ProblemHttpResult>> (string code, string season, IGrainFactory grains, HttpContext http) =>
            (await Readable(code, grains, http)).Problem is { } problem
                ? problem
                : TypedResults.Ok(await grains.GetGrain<IFarmSeasonGrain>(FarmGrain.SeasonKey(code, season)).Get()))
            .WithSummary("The farm's harvests and total in one season");

        group.MapGet("/{code}/seasons/{season}/recall-scope", async Task<Results<Ok<DescendantGraph>, ProblemHttpResult>> (string code, string season, IGrainFactory grains, HttpContext http) =>
            (await Readable(code, grains, http)).Problem ?? (await grains.GetGrain<ITraceGrain>(0).RecallScope(code, season)).ToOk())
            .WithSummary("Forward trace of every batch that came from this farm's season");

        return group;
    }

    private static async Task<(Farm? Farm, ProblemHttpResult? Problem)> Readable(string code, IGrainFactory grains, HttpContext http)
    {
        var farm = await grains.GetGrain<IFarmGrain>(code).Get();
        if (farm is null) return (null, Outcome<Farm>.NotFound("farm.unknown", $"farm {code} is not registered").ToProblem());
        var actor = http.Actor();
        return Permissions.MayReadFarm(actor, farm) ? (farm, null) : (null, ApiResults.Forbidden($"{actor.Organisation} may not read farm {code}"));
    }
}
