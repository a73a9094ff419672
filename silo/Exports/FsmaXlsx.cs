using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Nguon.Domain.Exports;

namespace Nguon.Silo.Exports;

/// <summary>The FSMA 204 rows as an XLSX workbook (Open XML SDK): a sheet of rows with a frozen header row and an
/// auto-filter (what makes it sortable in any spreadsheet program), typed cells (numbers, dates as dates), and a sheet
/// describing every column. The rows are written with the SDK's streaming writer, so a large chain is not held as a
/// document tree.</summary>
public static class FsmaXlsx
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string RowsSheet = "FSMA 204 records";
    public const string ColumnsSheet = "Columns";

    // Cell formats of the stylesheet below: 0 plain, 1 a date (yyyy-mm-dd), 2 a bold header, 3 wrapped text.
    private const uint DateStyle = 1, HeaderStyle = 2, WrapStyle = 3;

    public static byte[] Write(IReadOnlyList<FsmaRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var columns = FsmaColumns.All;
            var data = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(data, columns.Select(c => c.Header).ToList(), rows.Select(r => columns.Select(c => c.Value(r)).ToList()),
                [.. columns.Select(c => Width(c.Header))], wrap: false);
            var described = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(described, ["Column", "Key data element", "21 CFR 1", "Filled on"],
                columns.Select(c => new List<object?> { c.Header, c.Kde, c.Cfr, c.Events }), [32, 90, 48, 34], wrap: true);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = RowsSheet });
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(described), SheetId = 2, Name = ColumnsSheet });
            // The filter's range as Excel itself records it (a hidden name per filtered sheet).
            var filtered = $"'{RowsSheet}'!$A$1:${ColumnName(columns.Count)}${rows.Count + 1}";
            workbook.Workbook.AppendChild(new DefinedNames(new DefinedName(filtered)
            {
                Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true,
            }));
        }
        return buffer.ToArray();
    }

    private static void WriteSheet(WorksheetPart part, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows,
        IReadOnlyList<double> widths, bool wrap)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // The header row stays in view while scrolling.
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue>(["A2"]) })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new Columns(widths.Select((w, i) =>
            new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());
        var count = 1;
        WriteRow(writer, 1, headers.Cast<object?>().ToList(), HeaderStyle);
        foreach (var row in rows) WriteRow(writer, (uint)++count, row, wrap ? WrapStyle : null);
        writer.WriteEndElement();
        if (!wrap) writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(headers.Count)}{count}" });
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, uint index, IReadOnlyList<object?> values, uint? style)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        for (var i = 0; i < values.Count; i++)
        {
            var reference = ColumnName(i + 1) + index;
            Cell? cell = values[i] switch
            {
                null => null,
                decimal number => new Cell(new CellValue(number)) { DataType = CellValues.Number },
                DateOnly date => new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { StyleIndex = DateStyle },
                var text => new Cell(new InlineString(new Text(text.ToString()!) { Space = SpaceProcessingModeValues.Preserve }))
                {
                    DataType = CellValues.InlineString,
                },
            };
            if (cell is null) continue;
            cell.CellReference = reference;
            if (style is { } s && values[i] is not DateOnly) cell.StyleIndex = s;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    /// <summary>A1-style column letters: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    private static double Width(string header) => Math.Clamp(header.Length + 4, 12, 40);

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true })
        { Count = 4 });
}
