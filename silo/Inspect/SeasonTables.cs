using System.Text;
using Nguon.Model;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>The season page's tables: exports by country, communes, the farms with the highest yield, open alerts.</summary>
internal static class SeasonTables
{
    private const int EvidenceLinks = 5;

    /// <summary>A figures table's start: its figures stay on one line and the table scrolls in its own box on a phone.</summary>
    public const string Table = "<div class=\"scroll\"><table class=\"figures\"><thead>";

    public static void Exports(StringBuilder html, IReadOnlyList<CountryLine> countries)
    {
        html.Append($"<section class=\"exports\"><h2>Exported by country ({countries.Count})</h2>");
        if (countries.Count == 0) html.Append("<p>Nothing of this season has been exported.</p>");
        else
        {
            html.Append(Table + "<tr><th>Country</th><th class=\"num\">kg</th></tr></thead><tbody>");
            foreach (var c in countries.OrderByDescending(c => c.Kg).ThenBy(c => c.Country, StringComparer.Ordinal))
                html.Append($"<tr data-country=\"{H(c.Country)}\"><td>{H(c.Country)}</td><td class=\"num\">{Number(c.Kg)}</td></tr>");
            html.Append("</tbody></table></div>");
        }
        html.Append("</section>");
    }

    public static void Communes(StringBuilder html, IReadOnlyList<CommuneLine> communes)
    {
        html.Append($"<section class=\"communes\"><h2>Communes ({communes.Count})</h2>");
        if (communes.Count == 0) html.Append("<p>No farm is authorised for this GI.</p>");
        else
        {
            html.Append(Table + "<tr><th>Commune</th><th class=\"num\">Farms</th><th class=\"num\">ha</th>")
                .Append("<th class=\"num\">Capacity kg</th><th class=\"num\">Harvested kg</th><th class=\"num\">kg/ha</th>")
                .Append("<th class=\"num\">Median farm kg/ha</th></tr></thead><tbody>");
            foreach (var c in communes)
                html.Append($"<tr data-commune=\"{H(c.Commune)}\"{Over(c.HarvestedKg, c.CapacityKg)}><td>{H(c.Commune)}</td>")
                    .Append($"<td class=\"num\">{c.Farms}</td><td class=\"num\">{Number(c.AreaHa)}</td>")
                    .Append($"<td class=\"num\">{Number(c.CapacityKg)}</td><td class=\"num\">{Number(c.HarvestedKg)}</td>")
                    .Append($"<td class=\"num\">{PerHa(c.YieldKgPerHa)}</td>")
                    .Append($"<td class=\"num\">{PerHa(c.MedianFarmYieldKgPerHa)}</td></tr>");
            html.Append("</tbody></table></div>");
        }
        html.Append("</section>");
    }

    /// <summary>The farms with the highest yield per hectare first (the ones a rule would look at), at most
    /// <see cref="SeasonFragment.TopFarms"/>, and how many lines there are in all.</summary>
    public static void Farms(StringBuilder html, IReadOnlyList<FarmLine> lines, bool readsAll)
    {
        var top = lines.OrderByDescending(l => l.YieldKgPerHa).ThenBy(l => l.Farm, StringComparer.Ordinal)
            .Take(SeasonFragment.TopFarms).ToList();
        var whose = readsAll ? "Farms" : "Your farms";
        html.Append($"<section class=\"farm-lines\" data-count=\"{lines.Count}\"><h2>{whose} ({lines.Count})</h2>");
        if (lines.Count == 0)
            html.Append(readsAll ? "<p>No farm is authorised for this GI.</p>" : "<p>None of your farms is authorised.</p>");
        else
        {
            html.Append($"<p class=\"hint\">{(top.Count < lines.Count ? $"The {top.Count} of {lines.Count}" : "All")} by yield per "
                + "hectare, highest first.</p>")
                .Append(Table + "<tr><th>Farm</th><th>Name</th><th>Commune</th><th class=\"num\">ha</th>")
                .Append("<th class=\"num\">Capacity kg</th><th class=\"num\">Harvested kg</th><th class=\"num\">Harvests</th>")
                .Append("<th class=\"num\">kg/ha</th><th class=\"num\">of capacity</th></tr></thead><tbody>");
            foreach (var l in top)
                html.Append($"<tr data-farm=\"{H(l.Farm)}\"{Over(l.HarvestedKg, l.CapacityKg)}><td>{FarmLink(l.Farm)}</td>")
                    .Append($"<td>{H(l.Name)}</td><td>{H(l.Commune)}</td><td class=\"num\">{Number(l.AreaHa)}</td>")
                    .Append($"<td class=\"num\">{Number(l.CapacityKg)}</td><td class=\"num\">{Number(l.HarvestedKg)}</td>")
                    .Append($"<td class=\"num\">{l.Harvests}</td><td class=\"num\">{PerHa(l.YieldKgPerHa)}</td>")
                    .Append($"<td class=\"num\">{SeasonFragment.Percent(l.HarvestedKg, l.CapacityKg)}</td></tr>");
            html.Append("</tbody></table></div>");
        }
        html.Append("</section>");
    }

    /// <summary>The open alerts: rule, subject, summary and when, with links to the pages of the lots and farms in their
    /// evidence (facilities and GTINs have no page here, so they stay text).</summary>
    public static void Alerts(StringBuilder html, SeasonLedger l, IReadOnlyList<Alert> alerts, bool more)
    {
        html.Append($"<section class=\"alerts\" data-count=\"{alerts.Count}\"><h2>Open alerts ({alerts.Count}{(more ? "+" : "")})</h2>");
        if (alerts.Count == 0) html.Append($"<p>No open alert for GI {H(l.Gi)} in season {H(l.Season)}.</p>");
        else
        {
            html.Append("<ul class=\"alert-list\">");
            foreach (var a in alerts)
            {
                var subject = a.Evidence.Lots.Contains(a.Subject) ? LotLink(a.Subject)
                    : a.Evidence.Farms.Contains(a.Subject) ? FarmLink(a.Subject) : H(a.Subject);
                html.Append($"<li data-alert=\"{H(a.Id)}\" data-rule=\"{H(a.Rule)}\"><strong>{H(a.Summary)}</strong>")
                    .Append($"<small>{H(a.Rule)} · {subject} · raised {Time(a.RaisedAt)}</small>");
                Evidence(html, "Farms", a.Evidence.Farms, FarmLink);
                Evidence(html, "Lots", a.Evidence.Lots, LotLink);
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        if (more) html.Append($"<p class=\"hint\">More open alerts: GET /api/alerts?gi={H(Segment(l.Gi))}&amp;season={H(Segment(l.Season))}"
            + "&amp;state=open</p>");
        html.Append("</section>");
    }

    private static void Evidence(StringBuilder html, string what, IReadOnlyList<string> codes, Func<string, string> link)
    {
        if (codes.Count == 0) return;
        var shown = string.Join(", ", codes.Take(EvidenceLinks).Select(link));
        var rest = codes.Count > EvidenceLinks ? $" and {codes.Count - EvidenceLinks} more" : "";
        html.Append($"<small>{H(what)}: {shown}{rest}</small>");
    }

    /// <summary>Yields to the kilogram: their decimals are noise next to a cap in thousands.</summary>
    private static string PerHa(decimal kgPerHa) => Number(Math.Round(kgPerHa));

    /// <summary>A row past its capacity is marked (the stylesheet shows it red).</summary>
    private static string Over(decimal harvested, decimal capacity) => harvested > capacity ? " class=\"warn\" data-over=\"true\"" : "";
}
