using System.Text;
using Nguon.Model;

namespace Nguon.Silo.Inspect;

/// <summary>The season page's three charts, from the ledger's own figures (the tables below show the same numbers).</summary>
internal static class SeasonCharts
{
    public static void Append(StringBuilder html, SeasonLedger l)
    {
        var stages = SeasonFragment.Stages(l.Balance)
            .Select(s => new SvgCharts.Item(s.Stage, s.Kg, s.Stage == "unaccounted" && s.Kg != 0)).ToList();
        // "2026-W24" → "W24": the year is the page's season; short labels fit more weeks at a phone's width.
        var weeks = l.Weeks.Select(w => new SvgCharts.Item(w.Week[(w.Week.IndexOf('-', StringComparison.Ordinal) + 1)..], w.HarvestedKg))
            .ToList();
        var communes = l.Communes.Select(c => (c.Commune, c.CapacityKg, c.HarvestedKg)).ToList();
        html.Append("<section class=\"charts\"><h2>Charts</h2><div class=\"chart-grid\">")
            .Append("<figure><figcaption>Where the harvest is (kg)</figcaption>")
            .Append(SvgCharts.HorizontalBars("chart-balance", $"Where season {l.Season}'s harvest is, by stage", stages, "kg"))
            .Append("</figure><figure><figcaption>Harvest by ISO week (kg)</figcaption>")
            .Append(weeks.Count == 0 ? "<p>No harvest recorded.</p>"
                : SvgCharts.Columns("chart-weeks", $"Harvest of season {l.Season} by ISO week", weeks, "kg"))
            .Append("</figure><figure><figcaption>Capacity and harvest by commune (kg)</figcaption>")
            .Append(communes.Count == 0 ? "<p>No commune.</p>"
                : SvgCharts.PairedBars("chart-communes", $"Capacity against harvest by commune, season {l.Season}", communes,
                    "capacity", "harvested", "kg"))
            .Append("</figure></div></section>");
    }
}
