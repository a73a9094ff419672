using System.Text;
using Nguon.Domain.ReadModel;
using Nguon.Model;
using Nguon.Silo.ReadModel;
using static Nguon.Silo.Inspect.InspectHtml;
using static Nguon.Silo.Inspect.ListHtml;

namespace Nguon.Silo.Inspect;

/// <summary>The search page: one form, the find box and the read model's filters (GI, season, farm, custodian, status,
/// business step, destination, dates, GTIN). The find box alone takes an exact code to its page; otherwise its text is
/// a prefix of lots' codes, lots or products, and <c>#results</c> lists the lots the reader may read that answer.</summary>
internal static class SearchFragment
{
    /// <summary>One thing the query names (when it names several, the inspector chooses).</summary>
    public sealed record Match(string Kind, string Href, string Label);

    private static readonly (string, string)[] Statuses =
        [.. Enum.GetValues<BatchStatus>().Select(s => (ReadRows.Name(s), StatusText(s)))];

    private static readonly (string, string)[] Steps = [.. BizStep.All.Select(s => (s.Value, StepText(s)))];

    public static string Render(Actor reader, IQueryCollection given, Listed<BatchSummary>? lots = null,
        IReadOnlyList<Match>? matches = null, string? problem = null, IReadOnlyList<Violation>? bad = null)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        html.Append("<section class=\"search\" data-title=\"Find\">");
        Tabs(html, "Lots");
        html.Append("<h1 class=\"page\">Find</h1>")
            .Append($"<form class=\"find\" action=\"{InspectEndpoints.PagePath}\" method=\"get\" role=\"search\">")
            .Append($"<label class=\"q\">Code or text <input name=\"q\" value=\"{H(Value(given, "q"))}\" "
                + $"maxlength=\"{ExactCode.MaxLength}\" autocomplete=\"off\" placeholder=\"PH01-LN26-EXP-0001 · "
                + "(01)08935000100011(10)LN26EXP01 · VNBG-LN-HG-001 · VN-GI-00017\"></label>")
            .Append("<fieldset class=\"filters\"><legend>Filters</legend>")
            .Append(Input(given, "gi", "GI", "VN-GI-00017"))
            .Append(Input(given, "season", "Season", "2026"))
            .Append(Input(given, "farm", "Farm", "VNBG-LN-HG-001"))
            .Append(Input(given, "custodian", "Custodian", "ph-lucngan-01"))
            .Append(Select(given, "status", "Status", Statuses))
            .Append(Select(given, "step", "Business step", Steps))
            .Append(Input(given, "destination", "Destination", "org. or country: JP"))
            .Append(Input(given, "from", "From", "2026-06-01", "date"))
            .Append(Input(given, "to", "Before", "2026-07-01", "date"))
            .Append(Input(given, "gtin", "GTIN", "08935000100011", extra: " inputmode=\"numeric\""))
            .Append("</fieldset><button type=\"submit\">Find</button>")
            .Append($"<a class=\"clear\" href=\"{InspectEndpoints.PagePath}\">Clear</a></form>")
            .Append("<p class=\"hint\">The box alone: an exact batch code, a GS1 element string or Digital Link of GTIN and lot, a "
                + "farm's growing-area code, or a GI certificate number opens its page; other text is the start of lots' codes, "
                + "lot numbers or products. With filters, the lots that match all of them (the box's text as a start). From and "
                + "before bound the business step's event when a step is chosen, else the lot's creation.</p></section>");

        html.Append("<section id=\"results\" aria-live=\"polite\">");
        if (problem is not null) html.Append($"<p class=\"problem\" role=\"alert\">{H(problem)}</p>");
        if (bad is { Count: > 0 }) Problems(html, bad);
        if (matches is { Count: > 0 })
        {
            html.Append($"<h2>{matches.Count} records answer to {H(Value(given, "q"))}</h2><ul class=\"matches\">");
            foreach (var m in matches)
                html.Append($"<li data-kind=\"{H(m.Kind)}\"><a href=\"{H(m.Href)}\">{H(m.Kind)} {H(m.Label)}</a></li>");
            html.Append("</ul>");
        }
        if (lots is not null) Lots(html, lots);
        return html.Append("</section>").ToString();
    }

    private static void Lots(StringBuilder html, Listed<BatchSummary> lots) =>
        Table(html, lots, ("lot", "lots"), "No lot this key may read matches these filters.",
            ["Lot", "GTIN · lot", "Product", "Quantity", "GI", "Farm · season", "Custodian", "Destination", "Status", "Created"],
            (tr, b) => tr.Append($"<tr data-batch=\"{H(b.Code)}\" data-status=\"{ReadRows.Name(b.Status)}\">")
                .Append(Cell("Lot", LotLink(b.Code)))
                .Append(Cell("GTIN · lot", b.Gtin is null ? "—" : $"{H(b.Gtin)} · {H(b.Lot ?? "—")}"))
                .Append(Cell("Product", H(b.Variety is null ? b.Product : $"{b.Product} ({b.Variety})")))
                .Append(Cell("Quantity", H(Amount(b.Quantity))
                    + (b.Remaining == b.Quantity.Amount ? "" : $" <small>{Number(b.Remaining)} left</small>")))
                .Append(Cell("GI", b.GiClaim is null ? "none" : CertificateLink(b.GiClaim)))
                .Append(Cell("Farm · season", b.Farm is { } farm
                    ? FarmLink(farm) + (b.Season is { } season ? $" · {H(season)}" : "") : H(b.Origin)))
                .Append(Cell("Custodian", H(b.Custodian)))
                .Append(Cell("Destination", H(b.Destination is null && b.DestinationCountry is null ? "—"
                    : string.Join(" · ", new[] { b.Destination, b.DestinationCountry }.OfType<string>()))))
                .Append(Cell("Status", StatusText(b.Status)))
                .Append(Cell("Created", Time(b.CreatedAt)))
                .Append("</tr>"));

    private static string StatusText(BatchStatus s) => s == BatchStatus.InTransit ? "in transit" : Word(s);

    /// <summary>A step by its name ("retail selling"); Nguon's own steps say so.</summary>
    private static string StepText(BizStep s) =>
        s.Value[(s.Value.LastIndexOf(':') + 1)..].Replace('_', ' ')
        + (s.Value.StartsWith("urn:", StringComparison.Ordinal) ? " (Nguon)" : "");
}
