using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Labels;

namespace Nguon.Silo.Api;

/// <summary>GS1 Digital Link resolution: the QR code on a label holds /01/{GTIN}/10/{lot}[/21/{serial}], and the
/// answer suits the asker: an RFC 9264 linkset for machines that ask for one, the label page for browsers (also
/// for an unknown lot: a friendly 404 page), JSON otherwise.</summary>
public static class DigitalLinkEndpoints
{
    public const string LinksetMediaType = "application/linkset+json";

    public static IEndpointRouteBuilder MapDigitalLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/01/{**rest}", Resolve).WithTags("GS1 Digital Link")
            .WithSummary("Resolve a label's Digital Link to its lot's public verification (JSON, linkset or HTML by Accept)");
        return app;
    }

    public static async Task<IResult> Resolve(string? rest, HttpContext http, IGrainFactory grains)
    {
        var segments = new List<string> { "01" };
        segments.AddRange((rest ?? "").Split('/').Select(Uri.UnescapeDataString));
        if (!DigitalLink.TryParse(segments, out var link, out var error))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, [new Violation("input.digital-link", error)]);
        var accept = http.Request.GetTypedHeaders().Accept;
        var html = Prefers(accept, "text/html");
        var batchCode = await grains.GetGrain<ILabelGrain>(link.LabelKey).Get();
        if (batchCode is null && html)
            return Page(LabelPage.NotFound(LabelText.For(http.Request), link.Gtin, link.Lot, http.Request.Path),
                StatusCodes.Status404NotFound);
        if (batchCode is null)
            return ApiResults.Problem(StatusCodes.Status404NotFound,
                [new Violation("label.unknown", $"no lot {link.Lot} of GTIN {link.Gtin} is registered")]);
        var outcome = await grains.GetGrain<ITraceGrain>(0).VerifyPublic(batchCode, null);
        // A browser gets a page saying why the lot cannot be checked (a walk's cap, say), not a problem document.
        if (!outcome.IsOk && html)
            return Page(LabelPage.Refused(LabelText.For(http.Request), outcome.Violations, link.Gtin, link.Lot, http.Request.Path),
                outcome.ToProblem().StatusCode);
        if (!outcome.IsOk) return outcome.ToProblem();
        var verification = outcome.Value!;

        if (Prefers(accept, LinksetMediaType))
            return Results.Json(Linkset(PublicUrl.Of(http), link, batchCode, verification), contentType: LinksetMediaType);
        if (html)
            return Page(LabelPage.Render(verification, LabelText.For(http.Request), http.Request.Path), StatusCodes.Status200OK);
        return TypedResults.Ok(verification);
    }

    /// <summary>A label page; it varies by language, and a verdict may change at any moment (a suspension), so no caching.</summary>
    private static IResult Page(string html, int status) => new PageResult(html, status);

    private sealed class PageResult(string html, int status) : IResult
    {
        private const string Policy =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.Vary = "Accept, Accept-Language";
            http.Response.Headers.ContentSecurityPolicy = Policy;
            return http.Response.WriteAsync(html);
        }
    }

    /// <summary>True when the asker accepts <paramref name="mediaType"/> and rates nothing else higher than it.</summary>
    private static bool Prefers(IList<MediaTypeHeaderValue> accept, string mediaType)
    {
        var match = accept.FirstOrDefault(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
        if (match is null || match.Quality == 0) return false;
        var quality = match.Quality ?? 1;
        return !accept.Any(a => (a.Quality ?? 1) > quality);
    }

    /// <summary>The lot's linkset: its label page, its verification, its trace (key needed) and its GI certificate.</summary>
    public static Linkset Linkset(string self, DigitalLink link, string batchCode, PublicVerification v)
    {
        var anchor = link.ToUri(self);
        var batch = $"{self}/api/batches/{Uri.EscapeDataString(batchCode)}";
        var certificate = v.GiNumber is null ? null : $"{self}/api/certificates/{Uri.EscapeDataString(v.GiNumber)}";
        return new([new LinksetContext(
            anchor,
            [new(anchor, $"{v.Product}: {v.Verdict}", "text/html")],
            [new($"{batch}/verification", "GI verification", "application/json")],
            [new($"{batch}/trace", "Provenance graph (API key needed)", "application/json")],
            certificate is null ? [] : [new(certificate, $"GI {v.GiNumber}", "application/json")])]);
    }
}

/// <summary>An RFC 9264 linkset document (application/linkset+json).</summary>
public sealed record Linkset([property: JsonPropertyName("linkset")] IReadOnlyList<LinksetContext> Contexts);

/// <summary>One link context: the anchor (the Digital Link) and its links, by GS1 link type.</summary>
public sealed record LinksetContext(
    [property: JsonPropertyName("anchor")] string Anchor,
    [property: JsonPropertyName("https://gs1.org/voc/defaultLink")] IReadOnlyList<LinkTarget> DefaultLink,
    [property: JsonPropertyName("https://gs1.org/voc/verificationService")] IReadOnlyList<LinkTarget> VerificationService,
    [property: JsonPropertyName("https://gs1.org/voc/traceability")] IReadOnlyList<LinkTarget> Traceability,
    [property: JsonPropertyName("https://gs1.org/voc/certificationInfo")] IReadOnlyList<LinkTarget> CertificationInfo);

/// <summary>One target link of a linkset (RFC 9264 target attributes).</summary>
public sealed record LinkTarget(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("type")] string Type);
