using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nguon.Client.Dossiers;
using Nguon.Log;
using Nguon.Model;
using Nguon.Silo.Dossiers;

namespace Nguon.Silo.Api;

/// <summary>The exporter's signed dossier (JWS, ES256) and the public keys that verify it (JWKS). The trace grain
/// decides who may read a dossier and the documents it lists.</summary>
public static class DossierEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/batches/{code}/dossier").WithInputChecks().RequireAuthorization()
            .WithTags("Dossiers");
        api.MapGet("", Dossier).WithSummary(
            "The lot's signed dossier: its backward chain, GI certificates, verification with the destination market's import rules " +
            "(?market=JP, or the country it is shipped to), document hashes and root hash, as a JWS (application/jose); " +
            "a page in English, Japanese and Vietnamese with Accept: text/html or ?format=html");
        api.MapGet("/documents/{sha256}", DossierDocument).WithSummary(
            "Download a document the lot's dossier lists (also one attached to an ancestor batch, farm or certificate), hash checked");
        app.MapGet(JwksPath, Jwks).WithTags("Dossiers")
            .WithSummary("The public keys that verify dossiers (JWKS; key ids are RFC 7638 thumbprints); retired keys stay listed");
        return app;
    }

    /// <summary>What the dossier handlers take besides the route and query.</summary>
    public sealed record DossierRequest(
        IGrainFactory Grains, HttpContext Http, DossierBuilder Builder, Documents.IDocumentStore Store, IOptions<LogOptions> Log);

    public static ContentHttpResult Jwks(DossierKeyRing keys) => TypedResults.Text(keys.PublicKeys.ToJson(), "application/jwk-set+json");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Dossier(
        string code, string? market, string? format, [AsParameters] DossierRequest r)
    {
        if (format is not (null or "jws" or "html"))
            return Outcome<bool>.Rejected("input.format", $"format '{format}' is not jws or html").ToProblem();
        var content = await r.Grains.GetGrain<ITraceGrain>(0).Dossier(code, market, r.Http.Actor());
        if (!content.IsOk) return content.ToProblem();
        var heads = DossierHeads.Of(content.Value!.Graph);
        if (await DossierLogProofs.Wait(r.Grains, heads, r.Log.Value.DossierWait, r.Http.RequestAborted) is not { } log)
        {
            r.Http.Response.Headers.RetryAfter = ((int)Math.Ceiling(r.Log.Value.CheckpointInterval.TotalSeconds) + 1).ToString(
                System.Globalization.CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, [new Violation("log.pending",
                $"the newest heads of {code}'s chain are not in a signed checkpoint of the transparency log yet; retry shortly")]);
        }
        var request = r.Http.Request;
        var payload = r.Builder.Payload(content.Value!, $"{request.Scheme}://{request.Host}", log);
        var accept = request.GetTypedHeaders().Accept;
        var asksForHtml = accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        var html = format == "html" || (format is null && asksForHtml);
        return html
            ? TypedResults.Content(DossierHtml.Render(payload, r.Builder.Kid), "text/html; charset=utf-8")
            : TypedResults.Content(r.Builder.Sign(payload).Jws, DossierPayload.JoseMediaType);
    }

    /// <summary>Whoever may read a lot's dossier may read the documents it lists: a buyer receives the lot's
    /// evidence (the fumigation record on the packed parent lot, say) without reading the parent's record.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DossierDocument(
        string code, string sha256, [AsParameters] DossierRequest r, CancellationToken ct)
    {
        var listed = await r.Grains.GetGrain<ITraceGrain>(0).DossierDocuments(code, r.Http.Actor());
        if (!listed.IsOk) return listed.ToProblem();
        var document = listed.Value!.SelectMany(s => s.Documents).FirstOrDefault(d => d.Sha256 == sha256);
        return document is null
            ? Outcome<bool>.NotFound("document.unknown", $"the dossier of {code} lists no document {sha256}").ToProblem()
            : await DocumentEndpoints.Send(document, r.Http, r.Store, ct);
    }
}
