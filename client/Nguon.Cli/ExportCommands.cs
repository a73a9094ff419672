using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary>Exports for authorities: the FSMA 204 sortable spreadsheet of a lot.</summary>
internal static class ExportCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var tlc = Optional("--tlc", "the lot: a batch code, or GTIN + lot as 01{GTIN-14}10{lot} (as a scanner reads the label)");
        var from = Optional("--from", "instead of --tlc, a period: its first day (2026-06-01) or time with its offset");
        var until = Optional("--to", "the period's end (exclusive); at most 92 days after --from");
        var gi = Optional("--gi", "with --from/--to: only lots claiming this GI");
        var format = new Option<string?>("--format")
        {
            Description = "csv or xlsx (default: xlsx into --out, unless it ends in .csv; CSV on standard output without --out)",
        };
        var to = Optional("--out", "write the spreadsheet to this file (XLSX is binary: it needs one)");

        yield return Group("export", "Exports for authorities",
            Make("fsma204",
                "The FSMA 204 (21 CFR 1 Subpart S) sortable spreadsheet of a lot: one row per critical tracking event back to the "
                    + "harvests, a column per key data element; or of a period (--from, --to, --gi)", output, async (c, ct) =>
            {
                var (lot, start, end) = (c.Parse.GetValue(tlc), c.Parse.GetValue(from), c.Parse.GetValue(until));
                if ((lot is null) == (start is null)) throw new FormatException("give --tlc for a lot, or --from and --to for a period");
                if (start is not null && end is null) throw new FormatException("--to is required with --from");
                var file = c.Parse.GetValue(to);
                var kind = c.Parse.GetValue(format)
                    ?? (file is null || file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "xlsx");
                // Checked here, not with AcceptOnlyFromAmong, whose error spans several lines.
                if (kind is not ("csv" or "xlsx")) throw new FormatException($"--format is csv or xlsx, not '{kind}'");
                if (kind == "xlsx" && file is null)
                    throw new FormatException("an XLSX spreadsheet is binary: give --out FILE, or --format csv to print CSV");
                // Downloaded whole before anything is written: a refused export leaves no file behind.
                var bytes = lot is not null
                    ? await c.Client().ExportFsma204(lot, kind, ct)
                    : await c.Client().ExportFsma204Period(start!, end!, c.Parse.GetValue(gi), kind, ct);
                if (file is null)
                {
                    c.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                    return 0;
                }
                await File.WriteAllBytesAsync(file, bytes, ct);
                c.Print(new { tlc = lot ?? $"{start}..{end}", format = kind, file, bytes = bytes.Length },
                    (con, x) => con.WriteLine($"FSMA 204 records of {x.tlc} written to {x.file} ({x.format.ToUpperInvariant()}, "
                        + $"{x.bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
                return 0;
            }, tlc, from, until, gi, format, to));
    }
}
