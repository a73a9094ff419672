using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Client.Dossiers;
using Nguon.Model;
using Nguon.Silo.Dossiers;

namespace Nguon.Silo.Api;

/// <summary>The exporter's signed dossier (JWS, ES256) and the public keys that verify it (JWKS).</summary>
public static class DossierEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/batches/{code}/dossier", Dossier)
            .AddEndpointFilter<ValidIdsFilter>().RequireAuthorization().WithTags("Dossiers")
            .WithSummary("The lot's signed dossier: its backward chain, GI certificates, verification with the destination market's import rules " +
                         "(?market=JP, or the country it is shipped to), document hashes and root hash, as a JWS (application/jose); " +
                         "a page in English, Japanese and Vietnamese with Accept: text/html or ?format=html");
        app.MapGet("/api/batches/{code}/dossier/documents/{sha256}", DossierDocument)
            .AddEndpointFilter<ValidIdsFilter>().RequireAuthorization().WithTags("Dossiers")
            .WithSummary("Download a document the lot's dossier lists (also one attached to an ancestor batch, farm or certificate), hash checked");
        app.MapGet(JwksPath, (DossierKeyRing keys) => TypedResults.Text(keys.PublicKeys.ToJson(), "application/jwk-set+json"))
            .WithTags("Dossiers").WithSummary("The public keys that verify dossiers (JWKS; key ids are RFC 7638 thumbprints); retired keys stay listed");
        return app;
    }

    /// <summary>Whoever may read a lot's dossier may read the documents it lists: a buyer receives the lot's
    /// evidence (the fumigation record on the packed parent lot, say) without reading the parent's record.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DossierDocument(string code, string sha256,
        HttpContext http, IGrainFactory grains, Documents.IDocumentStore store, CancellationToken ct)
    {
        if ((await BatchEndpoints.Readable(code, grains, http)).Problem is { } problem) return problem;
        var listed = await grains.GetGrain<ITraceGrain>(0).DossierDocuments(code);
        if (!listed.IsOk) return listed.ToProblem();
        var document = listed.Value!.SelectMany(s => s.Documents).FirstOrDefault(d => d.Sha256 == sha256);
        return document is null
            ? Outcome<bool>.NotFound("document.unknown", $"the dossier of {code} lists no document {sha256}").ToProblem()
            : await DocumentEndpoints.Send(document, http, store, ct);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Dossier(string code, string? market, string? format,
        HttpContext http, IGrainFactory grains, DossierBuilder builder)
    {
        if (market is not null && !Ids.IsValid(market))
            return Outcome<bool>.Rejected("input.market", $"'{market}' is not a market code such as JP").ToProblem();
        if (format is not (null or "jws" or "html"))
            return Outcome<bool>.Rejected("input.format", $"format '{format}' is not jws or html").ToProblem();
        if ((await BatchEndpoints.Readable(code, grains, http)).Problem is { } problem) return problem;
        var content = await grains.GetGrain<ITraceGrain>(0).Dossier(code, market);
        if (!content.IsOk) return content.ToProblem();
        var issuer = $"{http.Request.Scheme}://{http.Request.Host}";
        var payload = builder.Payload(content.Value!, issuer);
        var html = format == "html" || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)));
        return html
            ? TypedResults.Content(DossierHtml.Render(payload, builder.Kid), "text/html; charset=utf-8")
            : TypedResults.Content(builder.Sign(payload).Jws, DossierPayload.JoseMediaType);
    }
}
