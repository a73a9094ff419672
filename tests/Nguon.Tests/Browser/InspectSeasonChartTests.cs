using System.Globalization;
using System.Text.RegularExpressions;
using Nguon.Model;
using Nguon.Silo.Inspect;

namespace Nguon.Tests.Browser;

/// <summary>The season page's pure parts, without a silo: the SVG charts escape their text, write numbers the same in
/// any culture and thin out week labels; the page links an alert's farms and lots and says when a season does not add up.</summary>
public sealed class InspectSeasonChartTests
{
    [Fact]
    public void Charts_escape_text_and_ignore_the_culture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var svg = SvgCharts.HorizontalBars("c", "<title>&", [new("a<b>\"c", 1234.5m), new("zero", 0m)], "kg");
            Assert.Contains("a&lt;b&gt;&quot;c", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
            Assert.Contains("1,234.5 kg", svg, StringComparison.Ordinal);
            Assert.DoesNotMatch("(x|y|width|height)=\"-?\\d+,\\d", svg); // no decimal commas in coordinates
            Assert.Contains("viewBox=\"0 0 360 ", svg, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Week_labels_thin_out_so_they_never_crowd()
    {
        var weeks = Enumerable.Range(10, 30).Select(w => new SvgCharts.Item($"W{w}", w * 10)).ToList();
        var svg = SvgCharts.Columns("w", "weeks", weeks, "kg");
        Assert.Equal(30, Regex.Matches(svg, "<rect ").Count);
        var labels = Regex.Matches(svg, ">W\\d+</text>").Count;
        Assert.InRange(labels, 2, SvgCharts.Width / 44);
        Assert.DoesNotContain(">300</text>", svg, StringComparison.Ordinal); // values on top only when they fit
    }

    [Fact]
    public void The_page_links_an_alerts_farms_and_lots_and_says_when_a_season_does_not_add_up()
    {
        var at = new DateTimeOffset(2026, 6, 20, 8, 0, 0, TimeSpan.Zero);
        var ledger = new SeasonLedger("VN-GI-1", "2026", at, null, 12000, new LedgerFarms(1, 1, 2, 24000, 30000),
            [new("Xã <A>", 1, 2, 24000, 30000, 15000, 15000)], [new("2026-W25", 30000, 3)],
            new SeasonBalance(30000, 29950, 0, 0, 0, 0, 0, 0, 0, 50), [],
            [new("F-1", "Farm", "org", "Xã <A>", 2, 24000, 30000, 3, 15000)], 0);
        var alert = new Alert("a1", "yield-over-cap", "VN-GI-1", "2026", "F-1", "F-1 harvested more than its cap",
            new AlertEvidence(["L-1"], ["F-1"], [], new Dictionary<string, decimal>()), AlertState.Open, at, at, [], []);
        var html = SeasonFragment.Render(ledger, [alert], false, new Actor("ppd", [Role.Inspector]));
        Assert.Contains("The season does not add up: 50 kg unaccounted", html, StringComparison.Ordinal);
        Assert.Contains("data-adds-up=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/inspect/farms/F-1\">F-1</a> · raised", html, StringComparison.Ordinal);
        Assert.Contains("Lots: <a href=\"/inspect/batches/L-1\">L-1</a>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-farm=\"F-1\" class=\"warn\" data-over=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("Xã &lt;A&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<A>", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(html, "<svg class=\"chart\"").Count);
    }
}
