using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace Nguon.Benchmark;

public static class Stats
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Microsecond histogram up to 10 minutes, 3 significant digits.</summary>
    public static LongHistogram NewHistogram() => new(600_000_000L, 3);

    public static long MicrosSince(long startTimestamp) =>
        (Stopwatch.GetTimestamp() - startTimestamp) * 1_000_000L / Stopwatch.Frequency;

    public static double Ms(this LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) / 1000.0;
    public static double MaxMs(this LongHistogram h) => h.GetMaxValue() / 1000.0;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string N0(double v) => v.ToString("#,0", Inv);
    public static string F1(double v) => v.ToString("0.0", Inv);
    public static string F2(double v) => v.ToString("0.00", Inv);
    public static string Pct(double v) => (v * 100).ToString("0.0", Inv) + " %";

    /// <summary>Prints <paramref name="rows"/> (the first is the header) as a Markdown table, columns padded.</summary>
    public static void PrintTable(IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        string Line(string[] r) => "| " + string.Join(" | ", r.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
        Console.WriteLine(Line(rows[0]));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var r in rows.Skip(1)) Console.WriteLine(Line(r));
    }
}
