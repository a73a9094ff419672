using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/certificates").WithTags("GI certificates").AddEndpointFilter<ValidIdsFilter>().WithIdempotency();

        group.MapPut("/{number}", async Task<Results<Created<Certificate>, ProblemHttpResult>> (string number, RegisterCertificate body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<ICertificateGrain>(number).Register(body, http.Actor(), http.OperationId())).ToCreated(c => $"/api/certificates/{c.Number}"))
            .WithSummary("Register a GI certificate under its registration number (authority)").RequireAuthorization();

        group.MapGet("/{number}", async Task<Results<Ok<Certificate>, ProblemHttpResult>> (string number, IGrainFactory grains) =>
            await grains.GetGrain<ICertificateGrain>(number).Get() is { } cert
                ? TypedResults.Ok(cert)
                : Outcome<Certificate>.NotFound("certificate.unknown", $"GI {number} is not registered").ToProblem())
            .WithSummary("Read a GI certificate with its status history (public record)");

        group.MapPost("/{number}/status", async Task<Results<Ok<Certificate>, ProblemHttpResult>> (string number, ChangeStatus body, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<ICertificateGrain>(number).ChangeStatus(body, http.Actor(), http.OperationId())).ToOk())
            .WithSummary("Suspend, reinstate or revoke a GI certificate (authority)").RequireAuthorization();

        return group;
    }
}
