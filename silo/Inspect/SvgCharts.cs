using System.Globalization;
using System.Text;

namespace Nguon.Silo.Inspect;

/// <summary>Small charts as inline SVG, drawn on the server (no script, nothing loaded). Each scales to its box
/// (<c>viewBox</c>, width 100%) and is laid out for a phone: a 360-unit-wide canvas shows at about 1:1 there, labels sit
/// on their own line above their bars, and week labels thin out so they never overlap. Colours and sizes are
/// presentation attributes, which the pages' CSP allows (a style attribute it would not). Every text is escaped.</summary>
internal static class SvgCharts
{
    public const int Width = 360;
    private const int Font = 13;
    private const int ValueRoom = 96; // the value's text right of the longest bar
    private const string Ink = "#1f2a22", Muted = "#555", Bar = "#24442c", Light = "#9bbf9f", Warn = "#b3261e";

    public sealed record Item(string Label, decimal Value, bool Warning = false);

    /// <summary>One bar per item, its label above it and its value (with <paramref name="unit"/>) after it.</summary>
    public static string HorizontalBars(string id, string title, IReadOnlyList<Item> items, string unit)
    {
        const int row = 36;
        var max = items.Select(i => Math.Abs(i.Value)).DefaultIfEmpty(0).Max();
        var svg = Open(id, title, row * items.Count + 4);
        for (var k = 0; k < items.Count; k++)
        {
            var (item, y) = (items[k], k * row);
            var w = Scale(Math.Abs(item.Value), max, Width - ValueRoom);
            svg.Append(Text(0, y + 14, item.Label, Ink))
                .Append(Rect(0, y + 19, w, 12, item.Warning ? Warn : Bar, $"{item.Label}: {N(item.Value)} {unit}"))
                .Append(Text(w + 4, y + 30, $"{N(item.Value)} {unit}", item.Warning ? Warn : Muted));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One column per item (weeks in order); a label under every n-th column so labels keep
    /// <paramref name="labelWidth"/> units apart, and values on top only while the columns are wide enough for them.</summary>
    public static string Columns(string id, string title, IReadOnlyList<Item> items, string unit, int labelWidth = 44)
    {
        const int top = 18, plot = 120, height = top + plot + 22;
        var max = items.Select(i => Math.Max(0, i.Value)).DefaultIfEmpty(0).Max();
        var slot = items.Count == 0 ? Width : (double)Width / items.Count;
        var every = Math.Max(1, (int)Math.Ceiling(labelWidth / slot));
        var svg = Open(id, title, height);
        svg.Append($"<line x1=\"0\" y1=\"{top + plot}\" x2=\"{Width}\" y2=\"{top + plot}\" stroke=\"{Muted}\" stroke-width=\"1\"/>");
        for (var k = 0; k < items.Count; k++)
        {
            var item = items[k];
            var h = Scale(Math.Max(0, item.Value), max, plot);
            var x = k * slot + slot * 0.15;
            var centre = k * slot + slot / 2;
            svg.Append(Rect(x, top + plot - h, slot * 0.7, h, Bar, $"{item.Label}: {N(item.Value)} {unit}"));
            if (slot >= 56) svg.Append(Text(centre, top + plot - h - 4, N(item.Value), Muted, "middle"));
            if (k % every == 0) svg.Append(Text(centre, top + plot + 16, item.Label, Ink, "middle"));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Two bars per group on one scale: what it may (capacity, light) and what it did (harvested, dark;
    /// red past the capacity), its label above them.</summary>
    public static string PairedBars(string id, string title, IReadOnlyList<(string Label, decimal Capacity, decimal Actual)> groups,
        string capacityName, string actualName, string unit)
    {
        const int legend = 22, row = 50;
        var max = groups.SelectMany(g => new[] { g.Capacity, g.Actual }).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var svg = Open(id, title, legend + row * groups.Count + 4);
        svg.Append(Rect(0, 4, 12, 12, Light, null)).Append(Text(16, 15, capacityName, Ink))
            .Append(Rect(150, 4, 12, 12, Bar, null)).Append(Text(166, 15, actualName, Ink));
        for (var k = 0; k < groups.Count; k++)
        {
            var (label, capacity, actual) = groups[k];
            var y = legend + k * row;
            var (wc, wa) = (Scale(capacity, max, Width - ValueRoom), Scale(actual, max, Width - ValueRoom));
            var over = actual > capacity;
            svg.Append(Text(0, y + 14, label, Ink))
                .Append(Rect(0, y + 19, wc, 10, Light, $"{label}: {capacityName} {N(capacity)} {unit}"))
                .Append(Text(wc + 4, y + 28, $"{N(capacity)} {unit}", Muted))
                .Append(Rect(0, y + 32, wa, 10, over ? Warn : Bar, $"{label}: {actualName} {N(actual)} {unit}"))
                .Append(Text(wa + 4, y + 42, $"{N(actual)} {unit}", over ? Warn : Muted));
        }
        return svg.Append("</svg>").ToString();
    }

    public static string N(decimal d) => d.ToString("#,0.#", CultureInfo.InvariantCulture);

    private static double Scale(decimal value, decimal max, double room) => max <= 0 ? 0 : (double)(value / max) * room;

    private static StringBuilder Open(string id, string title, int height) => new StringBuilder()
        .Append($"<svg class=\"chart\" id=\"{H(id)}\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" ")
        .Append($"aria-labelledby=\"{H(id)}-title\" font-family=\"system-ui,sans-serif\" font-size=\"{Font}\">")
        .Append($"<title id=\"{H(id)}-title\">{H(title)}</title>");

    private static string Rect(double x, double y, double w, double h, string fill, string? tip) =>
        $"<rect x=\"{D(x)}\" y=\"{D(y)}\" width=\"{D(w)}\" height=\"{D(h)}\" fill=\"{fill}\">"
        + (tip is null ? "" : $"<title>{H(tip)}</title>") + "</rect>";

    private static string Text(double x, double y, string text, string fill, string anchor = "start") =>
        $"<text x=\"{D(x)}\" y=\"{D(y)}\" fill=\"{fill}\"{(anchor == "start" ? "" : $" text-anchor=\"{anchor}\"")}>{H(text)}</text>";

    private static string D(double d) => Math.Round(d, 1).ToString(CultureInfo.InvariantCulture);

    private static string H(string s) => InspectHtml.H(s);
}
