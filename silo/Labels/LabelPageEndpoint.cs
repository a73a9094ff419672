using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Labels;

/// <summary>The default links of the resolver: a lot's label page (/label/01/{gtin}/10/{lot}), which judges the lot
/// against the GI its GTIN is sold as, and a GTIN's product page (/label/01/{gtin}). Server-rendered, no script.</summary>
public static class LabelPageEndpoint
{
    /// <summary>What Nguon knows about a Digital Link's GTIN and lot.</summary>
    public sealed record Found(string Gtin, string? Lot, string? BatchCode, PublicLabel? Label, Product? Product);

    public static async Task<Found> Find(IGrainFactory grains, DigitalLinkUri link)
    {
        var gtin = link.PrimaryKey.Value;
        var product = grains.GetGrain<IProductGrain>(gtin).Get();
        var lot = link.Qualifier("10");
        if (lot is null) return new(gtin, null, null, null, await product);
        var code = await grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot)).Get();
        var label = code is null ? null : (await grains.GetGrain<IBatchGrain>(code).GetLabel()).Value;
        return new(gtin, lot, code, label, await product);
    }

    public static async Task<IResult> Page(HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var text = LabelText.For(http.Request);
        if (!DigitalLinkEndpoints.TryParse(http, DigitalLinkEndpoints.PagePrefix, clock, out var link, out var error)
            || link.PrimaryKey.Ai != "01")
            return ApiResults.Problem(StatusCodes.Status400BadRequest, [new Violation("input.digital-link",
                link is null ? error : "a label page is /label/01/{gtin}[/10/{lot}]")]);
        var found = await Find(grains, link);
        var path = http.Request.Path.ToString();
        if (found.Lot is null)
            return found.Product is { } p
                ? new PageResult(LabelPage.ProductPage(text, p, path), StatusCodes.Status200OK)
                : new PageResult(LabelPage.NotFound(text, found.Gtin, null, null, path), StatusCodes.Status404NotFound);
        if (found.BatchCode is null)
        {
            CountMiss(http, found);
            return NotFoundPage(http, link, found.Product);
        }
        // The lot is judged against the GI its GTIN is sold as (the brand owner's master data), else its own claim.
        var soldAs = found.Product?.GiNumber;
        var outcome = await grains.GetGrain<IScanGrain>(0).Scan(found.BatchCode, soldAs);
        if (!outcome.IsOk)
            return new PageResult(LabelPage.Refused(text, outcome.Violations, found.Gtin, found.Lot, path), outcome.ToProblem().StatusCode);
        // Revalidated: the page is a rendering of the verdict, its language, the product and the path, so their tag is its tag.
        var tag = Revalidation.Tag(outcome.Value!.Fingerprint, text.Language, found.Product, path);
        http.Response.Headers.Vary = "Accept, Accept-Language";
        if (Revalidation.IsCurrent(http, tag)) return Revalidation.NotModified;
        var page = VerdictRenderings.Get(outcome.Value!, tag, v => LabelPage.Render(v.Verification, text, path, found.Product));
        return new PageResult(page, StatusCodes.Status200OK, revalidated: true);
    }

    /// <summary>A scanned label of a GI product's GTIN that names a lot Nguon does not know: counted for the
    /// counterfeit alert (Alerts/ScanMisses: a count per GTIN and day, in memory until flushed).</summary>
    public static void CountMiss(HttpContext http, Found found)
    {
        if (found.Product?.GiNumber is { } gi) http.RequestServices.GetService<Alerts.ScanMisses>()?.Count(gi, found.Gtin);
    }

    /// <summary>The friendly 404 page for a label no lot answers to, naming the product its GTIN belongs to.</summary>
    public static IResult NotFoundPage(HttpContext http, DigitalLinkUri link, Product? product) =>
        new PageResult(LabelPage.NotFound(LabelText.For(http.Request), link.PrimaryKey.Value, link.Qualifier("10"), product,
            http.Request.Path.ToString()), StatusCodes.Status404NotFound);

    /// <summary>A label page; it varies by language, and a verdict may change at any moment (a suspension), so it is
    /// never kept without revalidation (a lot's verdict page) or not kept at all (the others).</summary>
    private sealed class PageResult(string html, int status, bool revalidated = false) : IResult
    {
        private const string Policy =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            if (!revalidated) http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.Vary = "Accept, Accept-Language";
            http.Response.Headers.ContentSecurityPolicy = Policy;
            return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(html);
        }
    }
}
