using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>GS1 Digital Link resolution: the QR code on a label holds /01/{GTIN}/10/{lot}[/21/{serial}], and the
/// answer suits the asker: an RFC 9264 linkset for machines that ask for one, a page for browsers, JSON otherwise.</summary>
public static class DigitalLinkEndpoints
{
    public const string LinksetMediaType = "application/linkset+json";

    public static IEndpointRouteBuilder MapDigitalLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/01/{**rest}", Resolve).WithTags("GS1 Digital Link")
            .WithSummary("Resolve a label's Digital Link to its lot's public verification (JSON, linkset or HTML by Accept)");
        return app;
    }

    private static async Task<IResult> Resolve(string? rest, HttpContext http, IGrainFactory grains)
    {
        var segments = new List<string> { "01" };
        segments.AddRange((rest ?? "").Split('/').Select(Uri.UnescapeDataString));
        if (!DigitalLink.TryParse(segments, out var link, out var error))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, [new Violation("input.digital-link", error)]);
        var batchCode = await grains.GetGrain<ILabelGrain>(link.LabelKey).Get();
        if (batchCode is null)
            return ApiResults.Problem(StatusCodes.Status404NotFound, [new Violation("label.unknown", $"no lot {link.Lot} of GTIN {link.Gtin} is registered")]);
        var outcome = await grains.GetGrain<ITraceGrain>(0).VerifyPublic(batchCode, null);
        if (!outcome.IsOk) return outcome.ToProblem();
        var verification = outcome.Value!;
        var self = $"{http.Request.Scheme}://{http.Request.Host}";

        var accept = http.Request.GetTypedHeaders().Accept;
        if (Prefers(accept, LinksetMediaType))
            return Results.Json(Linkset(self, link, batchCode, verification), contentType: LinksetMediaType);
        if (Prefers(accept, "text/html"))
            return Results.Content(Html(verification), "text/html; charset=utf-8");
        return TypedResults.Ok(verification);
    }

    /// <summary>True when the asker accepts <paramref name="mediaType"/> and rates nothing else higher than it.</summary>
    private static bool Prefers(IList<MediaTypeHeaderValue> accept, string mediaType)
    {
        var match = accept.FirstOrDefault(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
        if (match is null || match.Quality == 0) return false;
        var quality = match.Quality ?? 1;
        return !accept.Any(a => (a.Quality ?? 1) > quality);
    }

    private static object Linkset(string self, DigitalLink link, string batchCode, PublicVerification v)
    {
        var anchor = link.ToUri(self);
        var verify = $"{self}/api/batches/{Uri.EscapeDataString(batchCode)}/verification";
        return new Dictionary<string, object>
        {
            ["linkset"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["anchor"] = anchor,
                    ["https://gs1.org/voc/defaultLink"] = new[] { new { href = anchor, title = $"{v.Product}: {v.Verdict}", type = "text/html" } },
                    ["https://gs1.org/voc/verificationService"] = new[] { new { href = verify, title = "GI verification", type = "application/json" } },
                    ["https://gs1.org/voc/traceability"] = new[] { new { href = $"{self}/api/batches/{Uri.EscapeDataString(batchCode)}/trace", title = "Provenance graph (API key needed)", type = "application/json" } },
                    ["https://gs1.org/voc/certificationInfo"] = v.GiNumber is null ? [] : new[] { new { href = $"{self}/api/certificates/{Uri.EscapeDataString(v.GiNumber)}", title = $"GI {v.GiNumber}", type = "application/json" } },
                },
            },
        };
    }

    /// <summary>A plain summary page until the label page exists.</summary>
    private static string Html(PublicVerification v)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var verdict = v.Verdict switch { Verdict.Verified => "Verified", Verdict.Recalled => "Recalled", _ => "Not verified" };
        var page = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append($"<title>{H(v.Product)} — {verdict}</title></head><body>")
            .Append($"<h1>{verdict}</h1><p>{H(v.Product)}")
            .Append(v.GiName is null ? "" : $" — GI {H(v.GiNumber)}: {H(v.GiName.En)} ({H(v.GiName.Vi)})").Append("</p>")
            .Append($"<p>Lot {H(v.Lot)} · GTIN {H(v.Gtin)}</p><h2>Producers</h2><ul>");
        foreach (var p in v.Producers) page.Append($"<li>{H(p.Name)}, {H(p.Commune)}, {H(p.District)}, {H(p.Province)}</li>");
        page.Append("</ul><p>Harvested: ").Append(string.Join(", ", v.HarvestDates.Select(d => d.ToString("yyyy-MM-dd")))).Append("</p>");
        if (v.Reasons.Count > 0)
        {
            page.Append("<h2>Why</h2><ul>");
            foreach (var r in v.Reasons) page.Append($"<li>{H(r.Message)}</li>");
            page.Append("</ul>");
        }
        return page.Append("</body></html>").ToString();
    }
}
