using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>GI certificates: public records to read; the authority registers and changes them.</summary>
public static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/certificates").WithTags("GI certificates").WithInputChecks().WithIdempotency();

        api.MapGet("", ListEndpoints.Certificates).RequireAuthorization()
            .WithSummary("List the GI certificates (?status= &limit= &cursor=), from the read model");
        api.MapPut("/{number}", Register).RequireAuthorization()
            .WithSummary("Register a GI certificate under its registration number (authority)");
        api.MapGet("/{number}", GetCertificate).WithSummary("Read a GI certificate with its status history (public record)");
        api.MapPost("/{number}/status", ChangeStatus).RequireAuthorization()
            .WithSummary("Suspend, reinstate or revoke a GI certificate (authority)");
        return api;
    }

    public static async Task<Results<Created<Certificate>, ProblemHttpResult>> Register(
        string number, RegisterCertificate body, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, number).Register(body, r.Actor, r.OperationId)).ToCreated(c => $"/api/certificates/{c.Number}");

    public static async Task<Results<Ok<Certificate>, ProblemHttpResult>> GetCertificate(string number, IGrainFactory grains) =>
        await Grain(grains, number).Get() is { } certificate
            ? TypedResults.Ok(certificate)
            : Refusal.NotFound<Certificate>(Unknown.Certificate(number)).ToProblem();

    public static async Task<Results<Ok<Certificate>, ProblemHttpResult>> ChangeStatus(
        string number, ChangeStatus body, [AsParameters] GrainRequest r) =>
        (await Grain(r.Grains, number).ChangeStatus(body, r.Actor, r.OperationId)).ToOk();

    private static ICertificateGrain Grain(IGrainFactory grains, string number) => grains.GetGrain<ICertificateGrain>(number);
}
