using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>Organisations, their API keys and their audit trails. The grains decide who may do and read what.</summary>
public static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me).RequireAuthorization().WithTags("Organisations")
            .WithSummary("The organisation and roles of the calling API key");

        var api = app.MapGroup("/api/organisations").WithTags("Organisations").WithInputChecks().WithIdempotency()
            .RequireAuthorization();
        api.MapGet("", ListEndpoints.Organisations).WithSummary("List organisations (?role= &limit= &cursor=; admin), from the read model");
        api.MapPut("/{id}", Register).WithSummary("Register an organisation with its roles (admin)");
        api.MapGet("/{id}", GetOrganisation).WithSummary("Read an organisation");
        api.MapPost("/{id}/keys", IssueKey).WithMetadata(Idempotency.NotReplayable)
            .WithSummary("Issue an API key (admin). The token is in this answer only; the server keeps its hash.");
        api.MapGet("/{id}/keys", ListKeys).WithSummary("List an organisation's keys, without secrets (admin or the organisation)");
        api.MapDelete("/{id}/keys/{keyId}", RevokeKey).WithSummary("Revoke a key: it stops working at once (admin or the organisation)");
        api.MapGet("/{id}/audit", Audit).WithSummary("Who did what for this organisation on a day (UTC): every write and every refusal " +
            "(inspectors, authority, admin, or the organisation)");
        return api;
    }

    public static Ok<Actor> Me(HttpContext http) => TypedResults.Ok(http.Actor());

    public static async Task<Results<Created<Organisation>, ProblemHttpResult>> Register(
        string id, RegisterOrganisation body, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, id).Register(body, r.Actor, r.OperationId)).ToCreated(o => $"/api/organisations/{o.Id}");

    public static async Task<Results<Ok<Organisation>, ProblemHttpResult>> GetOrganisation(string id, IGrainFactory grains) =>
        await Grain(grains, id).Get() is { } organisation
            ? TypedResults.Ok(organisation)
            : Refusal.NotFound<Organisation>(Unknown.Organisation(id)).ToProblem();

    public static async Task<Results<Created<IssuedKey>, ProblemHttpResult>> IssueKey(
        string id, IssueKey body, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, id).IssueKey(body, r.Actor)).ToCreated(k => $"/api/organisations/{id}/keys/{k.Key.KeyId}");

    public static async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult>> ListKeys(
        string id, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, id).ListKeys(r.Actor)).ToOk();

    /// <summary>Key ids are case-insensitive: any spelling of one revokes it (<see cref="ApiKeys.TryNormaliseKeyId"/>).</summary>
    public static async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> RevokeKey(
        string id, string keyId, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, id).RevokeKey(ApiKeys.TryNormaliseKeyId(keyId, out var normalised) ? normalised : keyId, r.Actor)).ToOk();

    /// <summary>This silo's pending audit entries are written first, so a client reads its own writes; another
    /// silo's are written within one flush of their requests.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> Audit(
        string id, string? day, TimeProvider clock, AuditBuffer buffer, [AsParameters] GrainRequest r)
    {
        if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return Outcome<AuditEntry>.Rejected("input.day", $"'{day}' is not a day (yyyy-MM-dd)").ToProblem();
        await buffer.Flushed();
        return (await AuditTrail.Read(r.Grains, id, day ?? AuditTrail.Day(clock.GetUtcNow()), r.Actor)).ToOk();
    }

    private static IOrganisationGrain Grain(IGrainFactory grains, string id) => grains.GetGrain<IOrganisationGrain>(id);
}
