using Microsoft.Net.Http.Headers;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>One link a Digital Link resolves to: its GS1 link type (a term of https://gs1.org/voc/), target and the
/// RFC 9264 target attributes GS1's linkset schema asks for.</summary>
public sealed record ResolverLink(string LinkType, string Href, string Title, string Type, IReadOnlyList<string> Hreflang);

/// <summary>The links of one level of a Digital Link (the lot, then the product it belongs to).</summary>
public sealed record LinkContext(string Anchor, IReadOnlyList<ResolverLink> Links);

/// <summary>What a resolver answers with, and how it chooses: the links of every level up to the primary key, the
/// RFC 9264 linkset built from them, and the one link a request selects (by linkType, media type and language).</summary>
public static class ResolverLinks
{
    public const string Vocabulary = "https://gs1.org/voc/";
    public const string DefaultLink = "defaultLink";
    public const string DefaultLinkMulti = "defaultLinkMulti";
    public static readonly string[] Languages = ["vi", "en", "ja"];

    private static readonly string[] VocabularySpellings =
        ["gs1:", "https://gs1.org/voc/", "https://ref.gs1.org/voc/", "https://www.gs1.org/voc/", "http://gs1.org/voc/"];

    /// <summary>The links of a labelled lot: its label page (the default, and one per language), its public
    /// verification (judged against the GI its GTIN is sold as), its trace and its GI certificate.</summary>
    public static LinkContext Lot(string self, string anchor, string pagePath, string batchCode, string product, string? gi)
    {
        var batch = $"{self}/api/batches/{Uri.EscapeDataString(batchCode)}";
        var title = $"{product}, lot {batchCode}: origin check";
        var links = new List<ResolverLink> { new(DefaultLink, self + pagePath, title, "text/html", Languages) };
        links.AddRange(Languages.Select(l => new ResolverLink(DefaultLinkMulti, $"{self}{pagePath}?lang={l}", title, "text/html", [l])));
        links.Add(new("verificationService", $"{batch}/verification" + (gi is null ? "" : $"?claim={Uri.EscapeDataString(gi)}"),
            "GI verification", "application/json", ["en"]));
        links.Add(new("traceability", $"{batch}/trace", "Provenance graph (API key needed)", "application/json", ["en"]));
        if (gi is not null) links.Add(Certificate(self, gi));
        return new(anchor, links);
    }

    /// <summary>The links of a GTIN (a product): its product page, its master data and the GI it is sold as.</summary>
    public static LinkContext Product(string self, string anchor, string pagePath, Product p)
    {
        var links = new List<ResolverLink> { new(DefaultLink, self + pagePath, p.Name.En, "text/html", Languages) };
        links.AddRange(Languages.Select(l => new ResolverLink("pip", $"{self}{pagePath}?lang={l}", Name(p.Name, l), "text/html", [l])));
        links.Add(new("masterData", $"{self}/api/products/{p.Gtin}", $"{p.Name.En}: product master data", "application/json", ["en"]));
        if (p.GiNumber is { } gi) links.Add(Certificate(self, gi));
        return new(anchor, links);
    }

    private static ResolverLink Certificate(string self, string gi) =>
        new("certificationInfo", $"{self}/api/certificates/{Uri.EscapeDataString(gi)}", $"GI {gi}", "application/json", ["en"]);

    private static string Name(LocalizedText name, string language) =>
        language switch { "en" => name.En, "ja" => name.Ja ?? name.En, _ => name.Vi };

    /// <summary>The RFC 9264 JSON linkset (application/linkset+json): one context per level, link types as full
    /// GS1 vocabulary URIs, each target with href, title, type and hreflang.</summary>
    public static Dictionary<string, object> Linkset(IEnumerable<LinkContext> contexts) => new()
    {
        ["linkset"] = contexts.Select(c =>
        {
            var context = new Dictionary<string, object> { ["anchor"] = c.Anchor };
            foreach (var group in c.Links.GroupBy(l => l.LinkType))
                context[Vocabulary + group.Key] =
                    group.Select(l => new { href = l.Href, title = l.Title, type = l.Type, hreflang = l.Hreflang }).ToList();
            return context;
        }).ToList(),
    };

    /// <summary>A requested link type in any spelling GS1 allows (gs1:pip, https://gs1.org/voc/pip, https://ref.gs1.org/voc/pip,
    /// http://www.gs1.org/voc/pip) as its bare term, or null when it is not a GS1 link type.</summary>
    public static string? Term(string linkType)
    {
        foreach (var prefix in VocabularySpellings)
            if (linkType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return linkType[prefix.Length..];
        return null;
    }

    /// <summary>The link of <paramref name="term"/> (the lot's first, then the product's) that suits the asker's
    /// languages best: the first whose language the asker ranks highest, else the first of that type.</summary>
    public static ResolverLink? Choose(IEnumerable<LinkContext> contexts, string term, IList<StringWithQualityHeaderValue> languages)
    {
        foreach (var context in contexts)
        {
            var candidates = context.Links.Where(l => l.LinkType == term).ToList();
            if (candidates.Count == 0) continue;
            var ranked = languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1)
                .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant());
            foreach (var language in ranked)
                if (candidates.FirstOrDefault(c => c.Hreflang is [var only] && only == language) is { } match) return match;
            return candidates[0];
        }
        return null;
    }

    /// <summary>The default link, by language: a language-specific variant (defaultLinkMulti) when the asker names a
    /// language one has, else the default link.</summary>
    public static ResolverLink? Default(IReadOnlyList<LinkContext> contexts, IList<StringWithQualityHeaderValue> languages)
    {
        var context = contexts[0];
        var named = languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant()).FirstOrDefault(l => l is not null && Languages.Contains(l));
        return named is not null
            ? context.Links.FirstOrDefault(l => l.LinkType == DefaultLinkMulti && l.Hreflang.Contains(named))
              ?? context.Links.FirstOrDefault(l => l.LinkType == DefaultLink)
            : context.Links.FirstOrDefault(l => l.LinkType == DefaultLink);
    }

    /// <summary>The target with the request's query passed on (without linkType, which was the resolver's).</summary>
    public static string WithQuery(string href, IEnumerable<KeyValuePair<string, string>> query)
    {
        var passed = query.Where(q => !q.Key.Equals("linkType", StringComparison.Ordinal)).ToList();
        if (passed.Count == 0) return href;
        var existing = href.Contains('?') ? href[(href.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=')[0]).ToHashSet() : [];
        var extra = passed.Where(q => !existing.Contains(q.Key))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}").ToList();
        return extra.Count == 0 ? href : href + (href.Contains('?') ? "&" : "?") + string.Join("&", extra);
    }
}
