using System.Text;
using Nguon.Model;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>A farm's page for inspectors: its profile, GI authorisations (certificate, status, dates, decision and
/// history), its seasons with their totals, and for one season (the newest unless asked) the lots it reached — the
/// recall scope the trace already computes — with links to their pages.</summary>
internal static class FarmFragment
{
    public static string Render(Farm farm, string? season, DescendantGraph? reached, IReadOnlyList<DocumentInfo> documents, Actor reader)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        html.Append($"<section class=\"record\" data-title=\"Farm {H(farm.Code)}\"><h1 class=\"page\">Farm {H(farm.Code)}</h1><dl>")
            .Append(Row("Name", farm.Name))
            .Append(Row("Owner", farm.Owner))
            .Append(Row("Address", $"{farm.Address.Commune}, {farm.Address.District}, {farm.Address.Province}"))
            .Append(Row("Area", $"{Number(farm.AreaHa)} ha"))
            .Append(Row("Crops", string.Join(", ", farm.Crops)))
            .Append(RowHtml("Registered", Time(farm.RegisteredAt)))
            .Append("</dl></section>");

        html.Append($"<section class=\"authorisations\"><h2>GI authorisations ({farm.Authorisations.Count})</h2>");
        if (farm.Authorisations.Count == 0) html.Append("<p>This farm is not authorised to use any GI.</p>");
        else
        {
            html.Append("<div class=\"scroll\"><table><thead><tr><th>GI</th><th>Status</th><th>Valid from</th><th>Valid to</th>"
                + "<th>Decision</th><th>History</th></tr></thead><tbody>");
            foreach (var a in farm.Authorisations)
                html.Append($"<tr data-gi=\"{H(a.GiNumber)}\" data-status=\"{Word(a.Status)}\"><td>{CertificateLink(a.GiNumber)}</td>")
                    .Append($"<td>{Word(a.Status)}</td><td>{Day(a.ValidFrom)}</td><td>{Day(a.ValidTo)}</td>")
                    .Append($"<td>{H(a.DecisionReference)}</td><td>")
                    .Append(H(string.Join("; ", a.StatusHistory.Select(s => $"{Day(s.At)} {Word(s.Status)}: {s.Reason}"))))
                    .Append("</td></tr>");
            html.Append("</tbody></table></div>");
        }
        html.Append("</section>");

        html.Append($"<section class=\"seasons\"><h2>Seasons ({farm.Seasons.Count})</h2>");
        if (farm.Seasons.Count == 0) html.Append("<p>No harvest recorded yet.</p>");
        else
        {
            html.Append("<ul class=\"season-list\">");
            foreach (var s in farm.Seasons)
                html.Append($"<li data-season=\"{H(s.Season)}\"{(s.Season == season ? " aria-current=\"true\"" : "")}>")
                    .Append($"<a href=\"/inspect/farms/{Segment(farm.Code)}?season={Segment(s.Season)}\">{H(s.Season)}</a>")
                    .Append($" · {Number(s.HarvestedKg)} kg in {s.HarvestCount} harvests"
                        + $" · {Number(farm.AreaHa == 0 ? 0 : s.HarvestedKg / farm.AreaHa)} kg/ha</li>");
            html.Append("</ul>");
        }
        html.Append("</section>");

        if (season is not null && reached is not null) Reached(html, farm, season, reached);

        html.Append($"<section class=\"docs\"><h2>Documents ({documents.Count})</h2>");
        if (documents.Count == 0) html.Append("<p>No document is attached to this farm.</p>");
        else DocumentList(html, documents.Select(d => ($"farm {farm.Code}", d, $"/api/farms/{Segment(farm.Code)}/documents/{d.Sha256}")));
        return html.Append("</section>").ToString();
    }

    /// <summary>The season's harvests (depth 0) and every lot made from them, nearest first.</summary>
    private static void Reached(StringBuilder html, Farm farm, string season, DescendantGraph reached)
    {
        html.Append($"<section class=\"reached\" data-season=\"{H(season)}\"><h2>Lots reached from season {H(season)} "
            + $"({reached.Batches.Count})</h2>");
        if (reached.Batches.Count == 0) html.Append($"<p>No lot came from {H(farm.Code)} in season {H(season)}.</p>");
        else
        {
            html.Append("<div class=\"scroll\"><table><thead><tr><th>Lot</th><th>Step</th><th>Quantity</th><th>Status</th>"
                + "<th>Custodian</th><th>GI claim</th><th>Made from</th></tr></thead><tbody>");
            foreach (var b in reached.Batches.OrderBy(b => b.Depth).ThenBy(b => b.Code, StringComparer.Ordinal))
                html.Append($"<tr data-batch=\"{H(b.Code)}\" data-status=\"{Word(b.Status)}\"><td>{LotLink(b.Code)}</td>")
                    .Append($"<td>{(b.Depth == 0 ? "harvest" : $"+{b.Depth}")}</td><td>{H(Amount(b.Quantity))}</td>")
                    .Append($"<td>{Word(b.Status)}</td>")
                    .Append($"<td>{H(b.Custodian)}</td><td>{H(b.GiClaim ?? "none")}</td>")
                    .Append($"<td>{string.Join(", ", b.Parents.Select(LotLink))}</td></tr>");
            html.Append("</tbody></table></div>");
        }
        html.Append("</section>");
    }
}
