using System.Text;
using Nguon.Model;

namespace Nguon.Silo.Labels;

/// <summary>The page a shopper or retailer sees on scanning a label's QR code: server-rendered HTML with one small
/// stylesheet and no script, showing only the public projection of the lot's verification.</summary>
public static class LabelPage
{
    /// <param name="product">The brand owner's master data of the lot's GTIN: the lot is judged against the GI it is sold as.</param>
    public static string Render(PublicVerification v, LabelText t, string path, Product? product = null)
    {
        var verdict = v.Verdict.ToString();
        var giName = v.GiName is null ? null
            : t.Language switch { "en" => v.GiName.En, "ja" => v.GiName.Ja ?? v.GiName.En, _ => v.GiName.Vi };
        var page = Start(t, $"{t[$"verdict.{verdict}"]} · {giName ?? t.Product(v.Product)}", path, verdict.ToLowerInvariant());

        page.Append($"<section class=\"verdict\" data-verdict=\"{H(verdict.ToLowerInvariant())}\"><h1>{H(t[$"verdict.{verdict}"])}</h1>")
            .Append($"<p>{H(t[$"verdict.{verdict}.sub"])}</p>");
        if (product is { GiNumber: { } soldAs } && v.Verdict != Verdict.Verified)
            page.Append($"<p class=\"sold-as\">{H(t.Format("soldas", product.Gtin, GiName(t, product.GiName) ?? soldAs, soldAs))}</p>");
        if (v.Reasons.Count > 0) Reasons(page, t, v.Reasons.Select(r => (r.Rule, r.Message)));
        page.Append("</section>");

        page.Append("<section class=\"product\">");
        if (v.GiNumber is not null)
            page.Append($"<div class=\"mark\" aria-hidden=\"true\"><b>GI</b><span>{H(v.GiNumber)}</span></div>");
        page.Append($"<h2>{H(giName ?? t.Product(v.Product))}</h2><dl>")
            .Append(Row(t["product"], product is null ? t.Product(v.Product) : Name(t, product.Name)));
        // The brand owner, not the package's net content: a lot's page shows no quantity at all.
        if (product is not null) page.Append(Row(t["brand"], product.BrandOwner));
        page

            .Append(Row(t["gi"], v.GiNumber is null ? t["gi.none"] : $"{giName} · {v.GiNumber}"));
        foreach (var r in (v.GiRegistrations ?? []).Where(r => r.Country == "JP"))
            page.Append(Row(t["gi.japan"], $"{r.Number}{(r.RegisteredOn is { } on ? $" ({on:yyyy-MM-dd})" : "")}"));
        page.Append(Row(t["harvest"], string.Join(", ", v.HarvestDates.Select(d => d.ToString("yyyy-MM-dd")))))
            .Append(Row("GTIN (01)", v.Gtin))
            .Append(Row($"{t["lot"]} (10)", v.Lot))
            .Append("</dl></section>");

        if (v.Producers.Count > 0)
        {
            page.Append($"<section><h2>{H(t["producers"])}</h2><ul class=\"producers\">");
            foreach (var p in v.Producers) page.Append($"<li><strong>{H(p.Name)}</strong><br>{H(p.Commune)}, {H(p.District)},"
                + $" {H(p.Province)}</li>");
            page.Append("</ul></section>");
        }

        if (v.Journey is { Count: > 0 } journey)
        {
            page.Append($"<section><h2>{H(t["journey"])}</h2><ol class=\"timeline\">");
            foreach (var s in journey)
                page.Append($"<li class=\"step-{H(s.Step)}\"><time datetime=\"{s.At:O}\">{s.At:yyyy-MM-dd HH:mm}</time>"
                    + $"<strong>{H(t["step." + s.Step])}</strong>")
                    .Append(s.Places.Count > 0 ? $"<span>{H(string.Join(", ", s.Places))}</span>" : "").Append("</li>");
            page.Append("</ol></section>");
        }

        if (OriginMap.Svg(v, t) is { } map)
        {
            page.Append($"<section><h2>{H(t["map"])}</h2>{map}<ol class=\"legend\">");
            page.Append($"<li class=\"k-area\">{H(t["map.area"])}: {H(giName ?? v.GiNumber)}</li>");
            foreach (var f in v.OriginFarms ?? [])
                page.Append($"<li class=\"{(f.InsideGiArea ? "k-farm" : "k-outside")}\">{H(f.Name)}"
                    + $"{(f.InsideGiArea ? "" : $" — {H(t["map.outside"])}")}</li>");
            page.Append("</ol></section>");
        }

        page.Append($"<footer><p>{H(t["checked"])}: <time datetime=\"{v.CheckedAt:O}\">{v.CheckedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            + $"</time></p>")
            .Append($"<p>{H(t["fingerprint"])}: <code>{H(v.RootHash[..Math.Min(16, v.RootHash.Length)])}…</code></p></footer>");
        return End(page);
    }

    /// <summary>The friendly page for a label no lot answers to (sent with status 404), naming what its GTIN is
    /// when the brand owner registered it: a real GTIN with a lot nobody made is how a counterfeit label looks.</summary>
    public static string NotFound(LabelText t, string gtin, string? lot, Product? product, string path)
    {
        var title = lot is null ? t["notfound.product.title"] : t["notfound.title"];
        var page = Start(t, title, path, "unknown");
        page.Append($"<section class=\"verdict\" data-verdict=\"unknown\"><h1>{H(title)}</h1>");
        if (lot is not null) page.Append($"<p>{H(t["notfound.body"])}</p>");
        if (product is not null && lot is not null)
            page.Append($"<p class=\"sold-as\">{H(t.Format("notfound.product", gtin, Described(t, product), product.BrandOwner, lot))}"
                + "</p>");
        page.Append($"<p class=\"code\">(01) {H(gtin)}{(lot is null ? "" : $" · (10) {H(lot)}")}</p></section>");
        return End(page);
    }

    /// <summary>The product page of a GTIN (its product-level Digital Link): the brand owner's master data and its GI.</summary>
    public static string ProductPage(LabelText t, Product product, string path)
    {
        var page = Start(t, Name(t, product.Name), path, "product");
        page.Append("<section class=\"product\">");
        if (product.GiNumber is not null)
            page.Append($"<div class=\"mark\" aria-hidden=\"true\"><b>GI</b><span>{H(product.GiNumber)}</span></div>");
        page.Append($"<h1>{H(Name(t, product.Name))}</h1><p>{H(t["product.page"])}</p><dl>")
            .Append(Row(t["product"], t.Product(product.Kind)));
        ProductRows(page, t, product);
        page.Append(Row(t["gi"], product.GiNumber is null ? t["gi.none"] : $"{GiName(t, product.GiName)} · {product.GiNumber}"))
            .Append(Row("GTIN (01)", product.Gtin)).Append("</dl></section>");
        return End(page);
    }

    private static void ProductRows(StringBuilder page, LabelText t, Product product)
    {
        page.Append(Row(t["brand"], product.BrandOwner));
        if (product.NetContent is { } net) page.Append(Row(t["net"], net.ToString()));
    }

    private static string Described(LabelText t, Product p) =>
        p.GiNumber is null ? Name(t, p.Name) : $"{Name(t, p.Name)} ({GiName(t, p.GiName) ?? p.GiNumber}, {p.GiNumber})";

    private static string Name(LabelText t, LocalizedText name) =>
        t.Language switch { "en" => name.En, "ja" => name.Ja ?? name.En, _ => name.Vi };

    private static string? GiName(LabelText t, LocalizedText? name) => name is null ? null : Name(t, name);

    /// <summary>The page for a lot whose verification was refused (a walk's cap, say; sent with the refusal's status):
    /// the claim is not confirmed, and why.</summary>
    public static string Refused(LabelText t, IReadOnlyList<Violation> why, string gtin, string lot, string path)
    {
        var page = Start(t, t["refused.title"], path, "unknown");
        page.Append($"<section class=\"verdict\" data-verdict=\"unknown\"><h1>{H(t["refused.title"])}</h1><p>{H(t["refused.body"])}</p>");
        Reasons(page, t, why.Select(r => (r.Rule, r.Message)));
        page.Append($"<p class=\"code\">(01) {H(gtin)} · (10) {H(lot)}</p></section>");
        return End(page);
    }

    /// <summary>Each reason in plain words, with the rule's own message in small print.</summary>
    private static void Reasons(StringBuilder page, LabelText t, IEnumerable<(string Rule, string Message)> reasons)
    {
        page.Append("<ul class=\"reasons\">");
        foreach (var (rule, message) in reasons)
            page.Append($"<li data-rule=\"{H(rule)}\"><strong>{H(t.Reason(rule))}</strong> <small>{H(message)}</small></li>");
        page.Append("</ul>");
    }

    private static StringBuilder Start(LabelText t, string title, string path, string state)
    {
        var page = new StringBuilder()
            .Append($"<!doctype html><html lang=\"{t.Language}\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append($"<title>{H(title)}</title><link rel=\"icon\" href=\"data:,\">")
            .Append($"<link rel=\"stylesheet\" href=\"{LabelAssets.StylesheetUrl}\"></head>")
            .Append($"<body class=\"state-{H(state)}\"><header><span class=\"brand\">Nguon · {H(t["title"])}</span><nav class=\"lang\">");
        foreach (var language in LabelText.Languages)
            page.Append(language == t.Language
                ? $"<a href=\"{H(path)}?lang={language}\" hreflang=\"{language}\" aria-current=\"true\">{language.ToUpperInvariant()}</a>"
                : $"<a href=\"{H(path)}?lang={language}\" hreflang=\"{language}\">{language.ToUpperInvariant()}</a>");
        return page.Append("</nav></header><main>");
    }

    private static string End(StringBuilder page) => page.Append("</main></body></html>").ToString();

    private static string Row(string term, string? value) => $"<div><dt>{H(term)}</dt><dd>{H(value)}</dd></div>";

    private static string H(string? s) => Nguon.Client.Html.Escape(s);
}
