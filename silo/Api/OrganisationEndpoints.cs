using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (HttpContext http) => TypedResults.Ok(http.Actor())).RequireAuthorization().WithTags("Organisations")
            .WithSummary("The organisation and roles of the calling API key");

        var group = app.MapGroup("/api/organisations").WithTags("Organisations").AddEndpointFilter<ValidIdsFilter>().WithIdempotency().RequireAuthorization();

        group.MapPut("/{id}", async Task<Results<Created<Organisation>, ProblemHttpResult>> (string id, RegisterOrganisation body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IOrganisationGrain>(id).Register(body, http.Actor(), http.OperationId())).ToCreated(o => $"/api/organisations/{o.Id}"))
            .WithSummary("Register an organisation with its roles (admin)");

        group.MapGet("/{id}", async Task<Results<Ok<Organisation>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
            await grains.GetGrain<IOrganisationGrain>(id).Get() is { } org
                ? TypedResults.Ok(org)
                : Outcome<Organisation>.NotFound("organisation.unknown", $"organisation {id} is not registered").ToProblem())
            .WithSummary("Read an organisation");

        group.MapPost("/{id}/keys", async Task<Results<Created<IssuedKey>, ProblemHttpResult>> (string id, IssueKey body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IOrganisationGrain>(id).IssueKey(body, http.Actor())).ToCreated(k => $"/api/organisations/{id}/keys/{k.Key.KeyId}"))
            .WithSummary("Issue an API key (admin). The token is in this answer only; the server keeps its hash.")
            .WithMetadata(Idempotency.NotReplayable);

        group.MapGet("/{id}/keys", async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult>> (string id, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IOrganisationGrain>(id).ListKeys(http.Actor())).ToOk())
            .WithSummary("List an organisation's keys, without secrets (admin or the organisation)");

        group.MapDelete("/{id}/keys/{keyId}", async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> (string id, string keyId, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<IOrganisationGrain>(id).RevokeKey(keyId, http.Actor())).ToOk())
            .WithSummary("Revoke a key: it stops working at once (admin or the organisation)");

        group.MapGet("/{id}/audit", async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> (string id, string? day, IGrainFactory grains, HttpContext http, TimeProvider clock) =>
        {
            if (!Permissions.MayReadAudit(http.Actor(), id)) return ApiResults.Forbidden($"{http.Actor().Organisation} may not read the audit trail of {id}");
            if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                return Outcome<AuditEntry>.Rejected("input.day", $"'{day}' is not a day (yyyy-MM-dd)").ToProblem();
            return TypedResults.Ok(await AuditTrail.Read(grains, id, day ?? AuditTrail.Day(clock.GetUtcNow())));
        }).WithSummary("Who did what for this organisation on a day (UTC): every write and every refusal (inspectors, authority, admin, or the organisation)");

        return group;
    }
}
