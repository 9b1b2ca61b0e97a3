using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BackorderDesk.Features.Exports;

/// <summary>One data sheet: its name, columns and rows (one value per column, null for an empty cell), read once.</summary>
public sealed record WorkbookSheet(string Name, IReadOnlyList<ExportColumn> Columns, IAsyncEnumerable<object?[]> Rows)
{
    public static WorkbookSheet From(string name, IReadOnlyList<ExportColumn> columns, IEnumerable<object?[]> rows) => new(name, columns, rows.ToAsyncEnumerable());
}

/// <summary>
/// The one writer of every export: each data sheet with a bold header row, typed cells in the shared
/// formats (<see cref="ExportFormats"/>), an autofilter, the header frozen and widths from the content,
/// then the About sheet. Rows are written as they come (<see cref="RawSheetWriter"/>), so memory stays
/// flat however many there are. The package and styles go through DocumentFormat.OpenXml; text is
/// always an inline string, never a formula, and formula-like text gets Excel's quote prefix.
/// </summary>
public static class WorkbookWriter
{
    // Cell style indexes into the stylesheet below.
    private const uint HeaderStyle = 1;
    private const uint TextStyle = 8;
    private const uint QuotedTextStyle = 9;
    private const uint BoldTextStyle = 10;
    private const uint WrappedTextStyle = 11;

    /// <summary>The cell style of each <see cref="CellKind"/>, in the enum's order.</summary>
    private static readonly uint[] KindStyles = [TextStyle, 2, 3, 4, 5, 6, 7, TextStyle];

    /// <returns>The number of data rows written, over all sheets.</returns>
    public static Task<int> WriteAsync(Stream output, WorkbookSheet sheet, ExportAbout about, CancellationToken cancellationToken) =>
        WriteAsync(output, [sheet], about, cancellationToken);

    /// <returns>The number of data rows written, over all sheets.</returns>
    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<WorkbookSheet> sheets, ExportAbout about, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(output, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        document.CompressionOption = System.IO.Packaging.CompressionOption.Fast;
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = Styles();
        stylesPart.Stylesheet.Save();

        var entries = new List<Sheet>();
        var filters = new List<DefinedName>();
        var total = 0;
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var count = await WriteDataAsync(part, sheet, selected: i == 0, cancellationToken);
            total += count;
            entries.Add(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheet.Name });
            filters.Add(new DefinedName($"'{sheet.Name}'!{Absolute(FilterRange(sheet.Columns.Count, count))}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
        }

        var aboutPart = workbookPart.AddNewPart<WorksheetPart>();
        await WriteAboutAsync(aboutPart, about, total, cancellationToken);
        entries.Add(new Sheet { Id = workbookPart.GetIdOfPart(aboutPart), SheetId = (uint)(sheets.Count + 1), Name = "About" });

        workbookPart.Workbook = new Workbook(new Sheets(entries), new DefinedNames(filters));
        workbookPart.Workbook.Save();
        return total;
    }

    /// <summary>The About sheet's rows: label and value (text, a count or the time it was made).</summary>
    internal static IReadOnlyList<(string Label, object? Value)> AboutRows(ExportAbout about, int dataRows)
    {
        var rows = new List<(string, object?)>
        {
            ("Export", about.Title),
            ("Client", about.Client ?? "all clients"),
            ("Generated at (UTC)", about.GeneratedAt),
            ("Rows", dataRows),
        };
        rows.AddRange(about.Filters.Select(f => ($"Filter: {f.Key}", (object?)f.Value)));
        if (about.Filters.Count == 0)
        {
            rows.Add(("Filters", "none"));
        }

        rows.Add(("", null));
        rows.Add(("Column", "Definition"));
        rows.AddRange(about.Definitions.Select(d => (d.Key, (object?)d.Value)));
        return rows;
    }

    private static async Task<int> WriteDataAsync(WorksheetPart part, WorkbookSheet sheet, bool selected, CancellationToken cancellationToken)
    {
        var columns = sheet.Columns;
        var count = 0;
        await using var writer = new RawSheetWriter(columns.Count);
        writer.StartRow();
        foreach (var column in columns)
        {
            writer.Text(ExportFormats.XmlSafe(column.Header), HeaderStyle);
        }

        writer.EndRow();
        var styles = columns.Select(c => KindStyles[(int)c.Kind]).ToArray();
        await foreach (var row in sheet.Rows.WithCancellation(cancellationToken))
        {
            writer.StartRow();
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].Kind is CellKind.Text or CellKind.Flag && row[c] is not null)
                {
                    var text = ExportFormats.Text(row[c]);
                    writer.Text(text, ExportFormats.LooksLikeFormula(text) ? QuotedTextStyle : TextStyle);
                }
                else
                {
                    writer.Value(columns[c].Kind, row[c], styles[c]);
                }
            }

            writer.EndRow();
            count++;
        }

        await using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        await writer.CopyToAsync(stream, new SheetLayout(FilterRange(columns.Count, count), selected, null), cancellationToken);
        return count;
    }

    private static async Task WriteAboutAsync(WorksheetPart part, ExportAbout about, int dataRows, CancellationToken cancellationToken)
    {
        var rows = AboutRows(about, dataRows);
        await using var writer = new RawSheetWriter(2);
        foreach (var (label, value) in rows)
        {
            writer.StartRow();
            writer.Text(ExportFormats.XmlSafe(label), BoldTextStyle);
            switch (value)
            {
                case DateTime at:
                    writer.Value(CellKind.DateTime, at, KindStyles[(int)CellKind.DateTime]);
                    break;
                case int n:
                    writer.Value(CellKind.Integer, n, KindStyles[(int)CellKind.Integer]);
                    break;
                case string text:
                    text = ExportFormats.XmlSafe(text);
                    writer.Text(text, ExportFormats.LooksLikeFormula(text) ? QuotedTextStyle : WrappedTextStyle);
                    break;
            }

            writer.EndRow();
        }

        await using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        double[] widths = [ExportFormats.Width(rows.Max(r => r.Label.Length)), ExportFormats.MaxWidth];
        await writer.CopyToAsync(stream, new SheetLayout(null, false, widths), cancellationToken);
    }

    private static string FilterRange(int columns, int rows) => $"A1:{ExportFormats.ColumnLetters(columns)}{rows + 1}";

    private static string Absolute(string range) => string.Join(':', range.Split(':').Select(a => "$" + string.Concat(a.TakeWhile(char.IsLetter)) + "$" + string.Concat(a.SkipWhile(char.IsLetter))));

    /// <summary>
    /// Fonts: 0 normal, 1 bold. Fills: 0 none, 1 gray125 (required), 2 header. Cell formats: 0 default,
    /// 1 header, 2 integer, 3 decimal, 4 money, 5 percent, 6 date, 7 date-time, 8 text, 9 formula-like
    /// text (quote prefix), 10 bold text (About labels), 11 wrapped text (About values).
    /// </summary>
    private static Stylesheet Styles()
    {
        string[] formats = [ExportFormats.Integer, ExportFormats.Decimal, ExportFormats.Money, ExportFormats.Percent, ExportFormats.Date, ExportFormats.DateTime];
        var numberingFormats = new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = f })) { Count = (uint)formats.Length };
        CellFormat Format(uint numFmt, uint font = 0, uint fill = 0, bool quote = false, bool wrap = false)
        {
            var format = new CellFormat
            {
                NumberFormatId = numFmt,
                FontId = font,
                FillId = fill,
                BorderId = 0,
                FormatId = 0,
                ApplyNumberFormat = numFmt != 0,
                ApplyFont = font != 0,
                ApplyFill = fill != 0,
                QuotePrefix = quote ? true : null,
            };
            if (wrap)
            {
                format.Append(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top });
                format.ApplyAlignment = true;
            }

            return format;
        }

        var cellFormats = new CellFormats(
            Format(0),
            Format(49, font: 1, fill: 2),
            Format(164),
            Format(165),
            Format(166),
            Format(167),
            Format(168),
            Format(169),
            Format(49),
            Format(49, quote: true),
            Format(49, font: 1),
            Format(49, wrap: true));
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;
        return new Stylesheet(
            numberingFormats,
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
            { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF4" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
