using System.Globalization;
using CsvHelper;
using Nguon.Domain.Exports;

namespace Nguon.Silo.Exports;

/// <summary>The FSMA 204 rows as CSV (RFC 4180: a header row, comma-separated, CRLF line ends, fields quoted when they
/// hold a comma, quote or line break), UTF-8 without a byte-order mark; dates as yyyy-MM-dd, numbers with a point; text that
/// a spreadsheet would read as a formula is escaped as CsvHelper does (a leading apostrophe).</summary>
public static class FsmaCsv
{
    public const string MediaType = "text/csv";

    public static byte[] Write(IReadOnlyList<FsmaRow> rows)
    {
        // RFC 4180 is CsvHelper's default; a field a spreadsheet would run as a formula (=, +, -, @ first: free text such as
        // a farm's name) is escaped.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape };
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteHeader([.. FsmaColumns.All.Select(c => c.Header)]);
            foreach (var row in rows) csv.WriteRecord([.. FsmaColumns.All.Select(c => Field(c.Value(row)))]);
        }
        return buffer.ToArray();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
