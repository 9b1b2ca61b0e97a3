using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BackorderDesk.Features.Exports;

/// <summary>
/// Large workbooks written row by row: memory stays flat however many rows come. The package, styles
/// and About sheet go through DocumentFormat.OpenXml (OpenXmlWriter, SAX); the data sheet through
/// <see cref="RawSheetWriter"/>, which writes the same XML for a quarter of the CPU. The same workbook as <see cref="ClosedXmlWorkbook"/>:
/// bold header, typed cells with the same formats, an autofilter, the header frozen, widths from the
/// content, and an About sheet.
/// </summary>
public static class StreamingWorkbook
{
    // Cell style indexes into the stylesheet below.
    private const uint HeaderStyle = 1;
    private const uint TextStyle = 8;
    private const uint QuotedTextStyle = 9;
    private const uint BoldTextStyle = 10;

    /// <summary>The cell style of each <see cref="CellKind"/>, in the enum's order.</summary>
    private static readonly uint[] KindStyles = [TextStyle, 2, 3, 4, 5, 6, 7, TextStyle];

    /// <param name="useOpenXmlWriterForData">
    /// Writes the data sheet through OpenXmlWriter instead of <see cref="RawSheetWriter"/>: the same cells
    /// (widths from the headers only, and a CR in text reads back as a line feed) for more than twice
    /// the CPU. Kept so the benchmark can compare the two (ExportBench).
    /// </param>
    /// <returns>The number of data rows written.</returns>
    public static async Task<int> WriteAsync(
        Stream output,
        string sheetName,
        IReadOnlyList<ExportColumn> columns,
        IAsyncEnumerable<object?[]> rows,
        ExportAbout about,
        CancellationToken cancellationToken,
        bool useOpenXmlWriterForData = false)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        document.CompressionOption = System.IO.Packaging.CompressionOption.Fast;
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = Styles();
        stylesPart.Stylesheet.Save();

        var dataPart = workbookPart.AddNewPart<WorksheetPart>();
        var count = useOpenXmlWriterForData
            ? await WriteDataWithOpenXmlWriterAsync(dataPart, columns, rows, cancellationToken)
            : await WriteDataRawAsync(dataPart, columns, rows, cancellationToken);

        var aboutPart = workbookPart.AddNewPart<WorksheetPart>();
        WriteAbout(aboutPart, about, count);

        workbookPart.Workbook = new Workbook(
            new Sheets(
                new Sheet { Id = workbookPart.GetIdOfPart(dataPart), SheetId = 1, Name = sheetName },
                new Sheet { Id = workbookPart.GetIdOfPart(aboutPart), SheetId = 2, Name = "About" }),
            new DefinedNames(new DefinedName($"'{sheetName}'!{Absolute(FilterRange(columns.Count, count))}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
        workbookPart.Workbook.Save();
        return count;
    }

    private static async Task<int> WriteDataRawAsync(WorksheetPart part, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var writer = new RawSheetWriter(columns.Count);
        writer.StartRow();
        foreach (var column in columns)
        {
            writer.Text(ExportFormats.XmlSafe(column.Header), HeaderStyle);
        }

        writer.EndRow();
        var styles = columns.Select(c => KindStyles[(int)c.Kind]).ToArray();
        await foreach (var row in rows.WithCancellation(cancellationToken))
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
        await writer.CopyToAsync(stream, FilterRange(columns.Count, count), cancellationToken);
        return count;
    }

    /// <remarks>Widths come from the headers only: this path must write them before it has seen a row.</remarks>
    private static async Task<int> WriteDataWithOpenXmlWriterAsync(WorksheetPart part, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        var widths = columns.Select(c => ExportFormats.Width(c.Header.Length));
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(FrozenHeader());
        writer.WriteElement(new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());
        var cells = new CellWriter(writer);
        cells.StartRow();
        foreach (var column in columns)
        {
            cells.Text(column.Header, HeaderStyle);
        }

        cells.EndRow();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            cells.StartRow();
            for (var c = 0; c < columns.Count; c++)
            {
                cells.Value(columns[c].Kind, row[c]);
            }

            cells.EndRow();
            count++;
        }

        writer.WriteEndElement();
        writer.WriteElement(new AutoFilter { Reference = FilterRange(columns.Count, count) });
        writer.WriteEndElement();
        return count;
    }

    private static string FilterRange(int columns, int rows) => $"A1:{ExportFormats.ColumnLetters(columns)}{rows + 1}";

    private static string Absolute(string range) => string.Join(':', range.Split(':').Select(a => "$" + string.Concat(a.TakeWhile(char.IsLetter)) + "$" + string.Concat(a.SkipWhile(char.IsLetter))));

    private static SheetViews FrozenHeader() =>
        new(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft })
        { TabSelected = true, WorkbookViewId = 0 });

    private static void WriteAbout(WorksheetPart part, ExportAbout about, int dataRows)
    {
        var rows = ClosedXmlWorkbook.AboutRows(about, dataRows);
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new Columns(
            new Column { Min = 1, Max = 1, Width = ExportFormats.Width(rows.Max(r => r.Label.Length)), CustomWidth = true },
            new Column { Min = 2, Max = 2, Width = ExportFormats.MaxWidth, CustomWidth = true }));
        writer.WriteStartElement(new SheetData());
        var cells = new CellWriter(writer);
        foreach (var (label, value) in rows)
        {
            cells.StartRow();
            cells.Text(label, BoldTextStyle);
            switch (value)
            {
                case DateTime at:
                    cells.Value(CellKind.DateTime, at);
                    break;
                case int n:
                    cells.Value(CellKind.Integer, n);
                    break;
                case string text:
                    cells.Value(CellKind.Text, text);
                    break;
            }

            cells.EndRow();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Writes cells with reused element templates and attribute lists: no objects per cell beyond its text.</summary>
    private sealed class CellWriter(OpenXmlWriter writer)
    {
        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly CellValue _value = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly OpenXmlAttribute[] _numberAttributes = [new("s", "", "0")];
        private readonly OpenXmlAttribute[] _textAttributes = [new("t", "", "inlineStr"), new("s", "", "0")];
        private readonly OpenXmlAttribute[] _preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
        private readonly Dictionary<uint, string> _styleText = [];

        public void StartRow() => writer.WriteStartElement(_row);

        public void EndRow() => writer.WriteEndElement();

        public void Value(CellKind kind, object? value)
        {
            if (value is null)
            {
                writer.WriteElement(_cell);
                return;
            }

            var style = KindStyles[(int)kind];
            switch (kind)
            {
                case CellKind.Integer or CellKind.Decimal or CellKind.Money:
                    Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), style);
                    break;
                case CellKind.Percent:
                    Number(Convert.ToDouble(value, CultureInfo.InvariantCulture) / 100.0, style);
                    break;
                case CellKind.Date:
                    Number(value is DateOnly d ? ExportFormats.Serial(d) : ExportFormats.Serial((DateTime)value), style);
                    break;
                case CellKind.DateTime:
                    Number(ExportFormats.Serial((DateTime)value), style);
                    break;
                default:
                    Text(ExportFormats.Text(value), style);
                    break;
            }
        }

        public void Text(string text, uint style)
        {
            text = ExportFormats.XmlSafe(text);
            if (style == TextStyle && ExportFormats.LooksLikeFormula(text))
            {
                style = QuotedTextStyle;
            }

            _textAttributes[1] = new OpenXmlAttribute("s", "", StyleText(style));
            writer.WriteStartElement(_cell, _textAttributes);
            writer.WriteStartElement(_inline);
            if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            {
                writer.WriteStartElement(_text, _preserve);
            }
            else
            {
                writer.WriteStartElement(_text);
            }

            writer.WriteString(text);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        private void Number(double value, uint style)
        {
            _numberAttributes[0] = new OpenXmlAttribute("s", "", StyleText(style));
            writer.WriteStartElement(_cell, _numberAttributes);
            writer.WriteStartElement(_value);
            writer.WriteString(value.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        private string StyleText(uint style)
        {
            if (!_styleText.TryGetValue(style, out var text))
            {
                text = style.ToString(CultureInfo.InvariantCulture);
                _styleText[style] = text;
            }

            return text;
        }
    }

    /// <summary>
    /// Fonts: 0 normal, 1 bold. Fills: 0 none, 1 gray125 (required), 2 header. Cell formats: 0 default,
    /// 1 header, 2 integer, 3 decimal, 4 money, 5 percent, 6 date, 7 date-time, 8 text, 9 formula-like
    /// text (quote prefix), 10 bold text (About labels).
    /// </summary>
    private static Stylesheet Styles()
    {
        string[] formats = [ExportFormats.Integer, ExportFormats.Decimal, ExportFormats.Money, ExportFormats.Percent, ExportFormats.Date, ExportFormats.DateTime];
        var numberingFormats = new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = f })) { Count = (uint)formats.Length };
        CellFormat Format(uint numFmt, uint font = 0, uint fill = 0, bool quote = false) => new()
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
            Format(49, font: 1));
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
