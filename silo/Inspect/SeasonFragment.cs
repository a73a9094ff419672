using System.Text;
using Nguon.Model;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>A GI's season page: the ledger (GET /api/gi/{number}/seasons/{season}) as the reader may read it — the
/// headline, where the harvest is now and whether that adds up, exports by country, communes and farms against their
/// capacity, three charts — and, for readers of alerts, the season's open alerts with links to their lots and farms.</summary>
internal static class SeasonFragment
{
    public const int TopFarms = 20;

    /// <param name="alerts">The open alerts, or null when the reader may not read alerts; <paramref name="moreAlerts"/>
    /// says a page limit cut the list.</param>
    public static string Render(SeasonLedger l, IReadOnlyList<Alert>? alerts, bool moreAlerts, Actor reader)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        var f = l.Farms;
        html.Append($"<section class=\"record season\" data-title=\"GI {H(l.Gi)} season {H(l.Season)}\" data-gi=\"{H(l.Gi)}\" ")
            .Append($"data-season=\"{H(l.Season)}\"><h1 class=\"page\">GI {H(l.Gi)} · season {H(l.Season)}</h1><dl>")
            .Append(RowHtml("GI", CertificateLink(l.Gi)))
            .Append(Row("Authorised farms", $"{f.Authorised} ({f.Harvesting} harvesting)"))
            .Append(Row("Area", $"{Number(f.AreaHa)} ha"))
            .Append(Row("Capacity", $"{Number(f.CapacityKg)} kg ({Number(l.MaxYieldKgPerHa)} kg/ha at most)"))
            .Append(Row("Harvested", $"{Number(f.HarvestedKg)} kg ({Percent(f.HarvestedKg, f.CapacityKg)} of capacity)"))
            .Append("</dl>")
            .Append($"<p class=\"asof\">Figures as of {Time(l.AsOf)}{(l.SweptAt is { } s ? $", checked in full {Time(s)}" : "")}.</p>");
        if (l.LotsInOtherUnits > 0)
            html.Append($"<p class=\"hint\">{Count(l.LotsInOtherUnits, "lot", "lots")} in units other than kg are not counted.</p>");
        html.Append("</section>");

        SeasonCharts.Append(html, l);
        Balance(html, l.Balance);
        SeasonTables.Exports(html, l.ExportedByCountry);
        SeasonTables.Communes(html, l.Communes);
        SeasonTables.Farms(html, l.FarmLines, reader.HasAny(Role.Authority, Role.Inspector, Role.Admin));
        if (alerts is not null) SeasonTables.Alerts(html, l, alerts, moreAlerts);
        return html.ToString();
    }

    /// <summary>The balance's stages in one order, for the table and the chart.</summary>
    public static IReadOnlyList<(string Stage, decimal Kg)> Stages(SeasonBalance b) =>
    [
        ("unpacked", b.UnpackedKg), ("packed", b.PackedKg), ("fumigated", b.FumigatedKg), ("domestic market", b.DomesticMarketKg),
        ("exported", b.ExportedKg), ("recalled", b.RecalledKg), ("transformation losses", b.TransformationLossKg),
        ("left the GI claim", b.LeftClaimKg), ("unaccounted", b.UnaccountedKg),
    ];

    private static void Balance(StringBuilder html, SeasonBalance b)
    {
        var addsUp = b.UnaccountedKg == 0;
        html.Append($"<section class=\"balance\" data-adds-up=\"{(addsUp ? "true" : "false")}\"><h2>Where the harvest is</h2>")
            .Append(SeasonTables.Table + "<tr><th>Stage</th><th class=\"num\">kg</th><th class=\"num\">share</th></tr>")
            .Append("</thead><tbody>");
        foreach (var (stage, kg) in Stages(b))
            html.Append($"<tr data-stage=\"{H(stage)}\"{(stage == "unaccounted" && !addsUp ? " class=\"warn\"" : "")}>")
                .Append($"<td>{H(stage)}</td><td class=\"num\">{Number(kg)}</td><td class=\"num\">{Percent(kg, b.HarvestedKg)}</td></tr>");
        html.Append($"</tbody><tfoot><tr data-stage=\"harvested\"><th>harvested</th><th class=\"num\">{Number(b.HarvestedKg)}</th>")
            .Append("<th class=\"num\">100%</th></tr></tfoot></table></div>");
        html.Append(addsUp
            ? "<p class=\"adds-up\">Every kilogram harvested is in one place: the season adds up.</p>"
            : $"<p class=\"adds-up problem\">The season does not add up: {Number(b.UnaccountedKg)} kg unaccounted"
              + (b.UnaccountedKg < 0 ? " (lots hold more than was harvested).</p>" : " (no lot holds it).</p>"));
        html.Append("</section>");
    }

    public static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "—" : (part / whole * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
