using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Labels;

namespace Nguon.Silo.Api;

/// <summary>The GS1-Conformant resolver: every primary key of the GS1 Barcode Syntax Dictionary (and its Digital Link
/// short name) is a route; the path and query are judged by the dictionary (400 with what is wrong). GET and HEAD
/// redirect (307) to the item's default link, or to the link <c>linkType</c> or the Accept header selects, or answer
/// the RFC 9264 linkset; OPTIONS says what is allowed; every answer carries CORS headers and a Link header to the
/// linkset. Nguon holds records for GTINs (01): a product, and its labelled lots.</summary>
public static class DigitalLinkEndpoints
{
    public const string LinksetMediaType = "application/linkset+json";
    public const string PagePrefix = "/label";
    private static readonly string[] Read = ["GET", "HEAD"];

    public static IEndpointRouteBuilder MapDigitalLinks(this IEndpointRouteBuilder app)
    {
        var keys = SyntaxDictionary.Instance.PrimaryKeys.Select(k => k.Ai)
            .Concat(SyntaxDictionary.ShortNames.Where(s => SyntaxDictionary.Instance.Find(s.Value)!.IsPrimaryKey).Select(s => s.Key));
        var resolver = app.MapGroup("").WithTags("GS1 Digital Link");
        foreach (var key in keys)
        {
            var route = resolver.MapMethods($"/{key}/{{**rest}}", Read, Resolve);
            if (key == "01")
                route.WithSummary("Resolve a GTIN's Digital Link (/01/{gtin}[/22/…][/10/{lot}][/21/{serial}]): 307 to its default "
                    + "link, another by ?linkType= or Accept, or the linkset (?linkType=linkset, Accept: application/linkset+json)");
            else route.ExcludeFromDescription();
            resolver.MapMethods($"/{key}/{{**rest}}", ["OPTIONS"], Options).ExcludeFromDescription();
        }
        resolver.MapMethods("/.well-known/gs1resolver", Read, Description).WithSummary("The resolver description file");
        app.MapMethods(PagePrefix + "/{**rest}", Read, LabelPageEndpoint.Page).WithTags("GS1 Digital Link")
            .WithSummary("The label page of a lot (/label/01/{gtin}/10/{lot}) or the product page of a GTIN (/label/01/{gtin}), "
                + "?lang=vi|en|ja");
        return app;
    }

    public static async Task<IResult> Resolve(HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        Cors(http);
        if (!TryParse(http, "", clock, out var link, out var error))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, [new Violation("input.digital-link", error)]);
        var self = PublicUrl.Of(http);
        var anchor = self + link.Path();
        http.Response.Headers.Append(HeaderNames.Link, $"<{anchor}?linkType=linkset>; rel=\"linkset\"; type=\"{LinksetMediaType}\"");
        http.Response.Headers.Vary = "Accept, Accept-Language";
        http.Response.Headers.CacheControl = "no-store";
        if (link.PrimaryKey.Ai != "01")
            return ApiResults.Problem(StatusCodes.Status404NotFound, [new Violation("resolver.no-records",
                $"this resolver holds no records for ({link.PrimaryKey.Ai}) {SyntaxDictionary.Instance.Find(link.PrimaryKey.Ai)!.Title} "
                + "identifiers; it resolves GTINs (01)")]);

        var found = await LabelPageEndpoint.Find(grains, link);
        if (found.Lot is not null && found.BatchCode is null)
        {
            LabelPageEndpoint.CountMiss(http, found);
            return Prefers(http, "text/html")
                ? LabelPageEndpoint.NotFoundPage(http, link, found.Product)
                : ApiResults.Problem(StatusCodes.Status404NotFound,
                    [new Violation("label.unknown", $"no lot {found.Lot} of GTIN {link.PrimaryKey.Value} is registered")]);
        }
        if (found.Lot is null && found.Product is null)
            return ApiResults.Problem(StatusCodes.Status404NotFound,
                [new Violation("product.unknown", $"GTIN {link.PrimaryKey.Value} has no product master data in Nguon")]);

        var contexts = Contexts(self, link, found);
        var query = http.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())).ToList();
        var linkType = http.Request.Query["linkType"].ToString();
        if (linkType is "linkset" or "all" || (linkType.Length == 0 && Prefers(http, LinksetMediaType)))
        {
            var linkset = ResolverLinks.Linkset(contexts);
            return Revalidation.IsCurrent(http, Revalidation.Tag(linkset, anchor))
                ? Revalidation.NotModified
                : Results.Json(linkset, contentType: LinksetMediaType);
        }
        var languages = http.Request.Query.ContainsKey("lang") ? [] : http.Request.GetTypedHeaders().AcceptLanguage;
        ResolverLink? target;
        if (linkType.Length > 0)
        {
            target = ResolverLinks.Term(linkType) is { } term ? ResolverLinks.Choose(contexts, term, languages) : null;
            if (target is null)
                return ApiResults.Problem(StatusCodes.Status404NotFound, [new Violation("resolver.link-type",
                    $"{anchor} has no link of type {linkType}; ?linkType=linkset lists the ones it has")]);
        }
        else if (Prefers(http, "application/json"))
            target = ResolverLinks.Choose(contexts, found.Lot is null ? "masterData" : "verificationService", languages);
        else
            target = ResolverLinks.Default(contexts, languages);
        return Results.Redirect(ResolverLinks.WithQuery(target!.Href, query), permanent: false, preserveMethod: true);
    }

    /// <summary>The links of every level up to the primary key: the lot's (when the link names one Nguon knows), then
    /// the product's (when its brand owner registered it).</summary>
    private static List<LinkContext> Contexts(string self, DigitalLinkUri link, LabelPageEndpoint.Found found)
    {
        var contexts = new List<LinkContext>();
        var productPath = $"/01/{found.Gtin}";
        if (found is { Lot: { } lot, BatchCode: { } code, Label: { } label })
        {
            var lotPath = $"{productPath}/10/{Uri.EscapeDataString(lot)}";
            contexts.Add(ResolverLinks.Lot(self, self + link.Path(), PagePrefix + lotPath, code, label.Product,
                found.Product?.GiNumber ?? label.GiNumber));
        }
        if (found.Product is { } product)
            contexts.Add(ResolverLinks.Product(self, self + productPath, PagePrefix + productPath, product));
        return contexts;
    }

    public static IResult Options(HttpContext http)
    {
        Cors(http);
        http.Response.Headers.Allow = "GET, HEAD, OPTIONS";
        http.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        http.Response.Headers.AccessControlAllowHeaders = "Accept, Accept-Language, Content-Type";
        http.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    /// <summary>/.well-known/gs1resolver: who this resolver is and what it resolves (GS1-Conformant resolver description file).</summary>
    public static IResult Description(HttpContext http)
    {
        Cors(http);
        var self = PublicUrl.Of(http);
        return Results.Json(new Dictionary<string, object>
        {
            ["name"] = "Nguon origin-traceability resolver",
            ["resolverRoot"] = self,
            ["supportedPrimaryKeys"] = new[] { "01" },
            ["supportedLinkType"] = new[] { new { @namespace = ResolverLinks.Vocabulary, prefix = "gs1:" } },
            ["linkTypeDefaultCanBeLinkset"] = false,
            ["supportedContextValuesEnumerated"] = Array.Empty<string>(),
        });
    }

    /// <summary>Parses the request target after <paramref name="prefix"/>: the raw (still percent-encoded) path, so each
    /// value is decoded exactly once (ASP.NET Core's decoded path would decode a %25 before the parser does).</summary>
    public static bool TryParse(HttpContext http, string prefix, TimeProvider clock, out DigitalLinkUri link, out string error)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToUriComponent();
        var path = raw.Split('?', 2)[0];
        // An absolute-form target (GET http://host/01/… HTTP/1.1): keep its path, still encoded. (Not Uri.TryCreate on
        // "/01/…", which Unix reads as a file path and re-escapes.)
        if (!path.StartsWith('/') && path.IndexOf("://", StringComparison.Ordinal) is > 0 and var scheme)
            path = path.IndexOf('/', scheme + 3) is > 0 and var slash ? path[slash..] : "/";
        path = path[prefix.Length..];
        var segments = path.TrimStart('/').Split('/');
        var query = http.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()));
        return DigitalLinkUri.TryParse(segments, query, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out link, out error);
    }

    public static void Cors(HttpContext http)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.AccessControlExposeHeaders = "Link, Location, Content-Type";
    }

    /// <summary>True when the asker accepts <paramref name="mediaType"/> and rates nothing else higher than it.</summary>
    public static bool Prefers(HttpContext http, string mediaType)
    {
        var accept = http.Request.GetTypedHeaders().Accept;
        var match = accept.FirstOrDefault(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
        if (match is null || match.Quality == 0) return false;
        var quality = match.Quality ?? 1;
        return !accept.Any(a => (a.Quality ?? 1) > quality);
    }
}
