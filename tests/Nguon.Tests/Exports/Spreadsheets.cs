using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.VisualBasic.FileIO;

namespace Nguon.Tests.Exports;

/// <summary>A sheet as the tests read it: its header row and its rows, each cell typed as the file types it (text, a
/// number, a date: a number whose cell format is a date format), keyed by header.</summary>
public sealed record SheetRows(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>The workbook's parts the tests check: sheet names, freeze pane and auto-filter of the first sheet, both sheets.</summary>
public sealed record Workbook(IReadOnlyList<string> SheetNames, string? FrozenTopLeftCell, double? FrozenRows, string? AutoFilter,
    SheetRows Records, SheetRows Columns);

/// <summary>Reads exported spreadsheets with libraries that are not the exporter's writer: XLSX with the Open XML SDK's
/// document tree (after its validator checked the file against the schemas), CSV with .NET's own RFC 4180 field parser
/// (Microsoft.VisualBasic.FileIO.TextFieldParser).</summary>
public static class Spreadsheets
{
    public static Workbook OpenXlsx(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false);
        // Valid against the Office Open XML schemas, as Excel would read it.
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, "the workbook is not valid Open XML: " + string.Join("; ", errors));
        var part = document.WorkbookPart!;
        var sheets = part.Workbook.Sheets!.Elements<Sheet>().ToList();
        var dateFormats = DateFormats(part.WorkbookStylesPart!.Stylesheet);
        SheetRows Read(Sheet sheet) => ReadSheet((WorksheetPart)part.GetPartById(sheet.Id!), dateFormats);
        var first = ((WorksheetPart)part.GetPartById(sheets[0].Id!)).Worksheet;
        var pane = first.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.GetFirstChild<Pane>();
        var frozen = pane?.State?.Value == PaneStateValues.Frozen;
        return new Workbook([.. sheets.Select(s => s.Name!.Value!)], frozen ? pane!.TopLeftCell?.Value : null,
            frozen ? pane!.VerticalSplit?.Value : null, first.GetFirstChild<AutoFilter>()?.Reference?.Value, Read(sheets[0]),
            Read(sheets[1]));
    }

    public static SheetRows ParseCsv(byte[] bytes)
    {
        using var parser = new TextFieldParser(new MemoryStream(bytes), System.Text.Encoding.UTF8)
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        var headers = parser.ReadFields()!;
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            Assert.Equal(headers.Length, fields.Length);
            rows.Add(headers.Zip(fields).ToDictionary(p => p.First, p => (object?)(p.Second.Length == 0 ? null : p.Second)));
        }
        return new SheetRows(headers, rows);
    }

    /// <summary>A typed cell as CSV writes it: dates yyyy-MM-dd, numbers with a point.</summary>
    public static string? AsCsv(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    private static SheetRows ReadSheet(WorksheetPart part, IReadOnlySet<uint> dateStyles)
    {
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        var headers = rows[0].Elements<Cell>().Select(c => (string)Value(c, dateStyles)!).ToList();
        var records = rows.Skip(1).Select(row =>
        {
            var values = headers.ToDictionary(h => h, _ => (object?)null);
            foreach (var cell in row.Elements<Cell>()) values[headers[Column(cell.CellReference!.Value!)]] = Value(cell, dateStyles);
            return (IReadOnlyDictionary<string, object?>)values;
        }).ToList();
        return new SheetRows(headers, records);
    }

    private static object? Value(Cell cell, IReadOnlySet<uint> dateStyles)
    {
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString) throw new InvalidOperationException("no shared strings expected");
        var raw = cell.CellValue!.Text;
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style))
            return DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(raw, CultureInfo.InvariantCulture)));
        return decimal.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The cell formats whose number format shows a date.</summary>
    private static IReadOnlySet<uint> DateFormats(Stylesheet styles)
    {
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.FormatCode!.Value!.Contains("yy", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        return styles.CellFormats!.Elements<CellFormat>().Select((f, i) => (f, i))
            .Where(x => x.f.NumberFormatId?.Value is { } id && (custom.Contains(id) || id is >= 14 and <= 17))
            .Select(x => (uint)x.i).ToHashSet();
    }

    private static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter)) column = column * 26 + (c - 'A' + 1);
        return column - 1;
    }
}
