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
        var tlc = Required("--tlc", "the lot: a batch code, or GTIN + lot as 01{GTIN-14}10{lot} (as a scanner reads the label)");
        var format = new Option<string?>("--format")
        {
            Description = "csv or xlsx (default: xlsx into --out, unless it ends in .csv; CSV on standard output without --out)",
        };
        var to = Optional("--out", "write the spreadsheet to this file (XLSX is binary: it needs one)");

        yield return Group("export", "Exports for authorities",
            Make("fsma204",
                "The FSMA 204 (21 CFR 1 Subpart S) sortable spreadsheet of a lot: one row per critical tracking event back to the "
                    + "harvests, a column per key data element", output, async (c, ct) =>
            {
                var file = c.Parse.GetValue(to);
                var kind = c.Parse.GetValue(format)
                    ?? (file is null || file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "xlsx");
                // Checked here, not with AcceptOnlyFromAmong, whose error spans several lines.
                if (kind is not ("csv" or "xlsx")) throw new FormatException($"--format is csv or xlsx, not '{kind}'");
                if (kind == "xlsx" && file is null)
                    throw new FormatException("an XLSX spreadsheet is binary: give --out FILE, or --format csv to print CSV");
                // Downloaded whole before anything is written: a refused export leaves no file behind.
                var bytes = await c.Client().ExportFsma204(c.Value(tlc), kind, ct);
                if (file is null)
                {
                    c.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                    return 0;
                }
                await File.WriteAllBytesAsync(file, bytes, ct);
                c.Print(new { tlc = c.Value(tlc), format = kind, file, bytes = bytes.Length },
                    (con, x) => con.WriteLine($"FSMA 204 records of {x.tlc} written to {x.file} ({x.format.ToUpperInvariant()}, "
                        + $"{x.bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
                return 0;
            }, tlc, format, to));
    }
}
