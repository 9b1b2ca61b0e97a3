using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

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
/// flat however many there are. Text is always an inline string, never a formula, and formula-like
/// text gets Excel's quote prefix.
/// The package is written straight to a <see cref="ZipArchive"/> in create mode, a part at a time, each
/// compressed as it streams in. System.IO.Packaging (under DocumentFormat.OpenXml) opens a new package
/// read-write and holds every uncompressed part in memory until it is saved: on the 100,000-row stock
/// workbook that was about 100 MB more working set and 300 MB allocated for nothing.
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
        // Every part but the workbook (whose defined names need the row counts) is known before the rows.
        var names = sheets.Select(s => s.Name).Append("About").ToList();
        await using var package = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await WritePartAsync(package, "[Content_Types].xml", ContentTypes(names.Count), cancellationToken);
        await WritePartAsync(package, "_rels/.rels", PackageRelationships, cancellationToken);
        await WritePartAsync(package, "xl/_rels/workbook.xml.rels", WorkbookRelationships(names.Count), cancellationToken);
        await WritePartAsync(package, "xl/styles.xml", Styles(), cancellationToken);

        var rowCounts = new List<int>();
        for (var i = 0; i < sheets.Count; i++)
        {
            await using var part = await OpenPartAsync(package, SheetPath(i), cancellationToken);
            rowCounts.Add(await WriteDataAsync(part, sheets[i], selected: i == 0, cancellationToken));
        }

        var total = rowCounts.Sum();
        await using (var part = await OpenPartAsync(package, SheetPath(sheets.Count), cancellationToken))
        {
            await WriteAboutAsync(part, about, total, cancellationToken);
        }

        await WritePartAsync(package, "xl/workbook.xml", Workbook(names, sheets.Select((s, i) => FilterRange(s.Columns.Count, rowCounts[i])).ToList()), cancellationToken);
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

    private static async Task<int> WriteDataAsync(Stream part, WorkbookSheet sheet, bool selected, CancellationToken cancellationToken)
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

        await writer.CopyToAsync(part, new SheetLayout(FilterRange(columns.Count, count), selected, null), cancellationToken);
        return count;
    }

    private static async Task WriteAboutAsync(Stream part, ExportAbout about, int dataRows, CancellationToken cancellationToken)
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

        double[] widths = [ExportFormats.Width(rows.Max(r => r.Label.Length)), ExportFormats.MaxWidth];
        await writer.CopyToAsync(part, new SheetLayout(null, false, widths), cancellationToken);
    }

    private static string FilterRange(int columns, int rows) => $"A1:{ExportFormats.ColumnLetters(columns)}{rows + 1}";

    private static string Absolute(string range) => string.Join(':', range.Split(':').Select(a => "$" + string.Concat(a.TakeWhile(char.IsLetter)) + "$" + string.Concat(a.SkipWhile(char.IsLetter))));

    private static string SheetPath(int index) => $"xl/worksheets/sheet{index + 1}.xml";

    private static async Task<Stream> OpenPartAsync(ZipArchive package, string path, CancellationToken cancellationToken) =>
        await package.CreateEntry(path, CompressionLevel.Fastest).OpenAsync(cancellationToken);

    private static async Task WritePartAsync(ZipArchive package, string path, string xml, CancellationToken cancellationToken)
    {
        await using var part = await OpenPartAsync(package, path, cancellationToken);
        await part.WriteAsync(Utf8.GetBytes(xml), cancellationToken);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    private const string SpreadsheetMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";

    private const string PackageRelationships =
        $"{Declaration}<Relationships xmlns=\"{PackageRelationshipsNamespace}\"><Relationship Id=\"rId1\" Type=\"{Relationships}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    private static string ContentTypes(int sheetCount)
    {
        var xml = new StringBuilder(Declaration)
            .Append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
            .Append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (var i = 0; i < sheetCount; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/{SheetPath(i)}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }

        return xml.Append("</Types>").ToString();
    }

    /// <summary>Sheet i is relationship rId(i+1); the styles come after the sheets.</summary>
    private static string WorkbookRelationships(int sheetCount)
    {
        var xml = new StringBuilder(Declaration).Append(CultureInfo.InvariantCulture, $"<Relationships xmlns=\"{PackageRelationshipsNamespace}\">");
        for (var i = 0; i < sheetCount; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i + 1}\" Type=\"{Relationships}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
        }

        xml.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{sheetCount + 1}\" Type=\"{Relationships}/styles\" Target=\"styles.xml\"/>");
        return xml.Append("</Relationships>").ToString();
    }

    /// <summary>The sheets in order (the first is the open tab) and each data sheet's autofilter range as Excel names it.</summary>
    private static string Workbook(IReadOnlyList<string> names, IReadOnlyList<string> filterRanges)
    {
        var xml = new StringBuilder(Declaration)
            .Append(CultureInfo.InvariantCulture, $"<workbook xmlns=\"{SpreadsheetMain}\" xmlns:r=\"{Relationships}\">")
            .Append("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
        for (var i = 0; i < names.Count; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<sheet name=\"{SecurityElement.Escape(names[i])}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
        }

        xml.Append("</sheets><definedNames>");
        for (var i = 0; i < filterRanges.Count; i++)
        {
            // A sheet name in a reference is quoted, with its own apostrophes doubled.
            var reference = $"'{names[i].Replace("'", "''", StringComparison.Ordinal)}'!{Absolute(filterRanges[i])}";
            xml.Append(CultureInfo.InvariantCulture, $"<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">{SecurityElement.Escape(reference)}</definedName>");
        }

        return xml.Append("</definedNames></workbook>").ToString();
    }

    /// <summary>
    /// Fonts: 0 normal, 1 bold. Fills: 0 none, 1 gray125 (required), 2 header. Cell formats: 0 default,
    /// 1 header, 2 integer, 3 decimal, 4 money, 5 percent, 6 date, 7 date-time, 8 text, 9 formula-like
    /// text (quote prefix), 10 bold text (About labels), 11 wrapped text (About values).
    /// </summary>
    private static string Styles()
    {
        string[] formats = [ExportFormats.Integer, ExportFormats.Decimal, ExportFormats.Money, ExportFormats.Percent, ExportFormats.Date, ExportFormats.DateTime];
        var xml = new StringBuilder(Declaration)
            .Append(CultureInfo.InvariantCulture, $"<styleSheet xmlns=\"{SpreadsheetMain}\">")
            .Append(CultureInfo.InvariantCulture, $"<numFmts count=\"{formats.Length}\">");
        for (var i = 0; i < formats.Length; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<numFmt numFmtId=\"{164 + i}\" formatCode=\"{SecurityElement.Escape(formats[i])}\"/>");
        }

        xml.Append("</numFmts>")
            .Append("<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>")
            .Append("<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
            .Append("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE8EEF4\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>")
            .Append("<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>")
            .Append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>");
        string Format(int numFmt, int font = 0, int fill = 0, bool quote = false, bool wrap = false)
        {
            var format = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"<xf numFmtId=\"{numFmt}\" fontId=\"{font}\" fillId=\"{fill}\" borderId=\"0\" xfId=\"0\"")
                .Append(numFmt != 0 ? " applyNumberFormat=\"1\"" : "")
                .Append(font != 0 ? " applyFont=\"1\"" : "")
                .Append(fill != 0 ? " applyFill=\"1\"" : "")
                .Append(wrap ? " applyAlignment=\"1\"" : "")
                .Append(quote ? " quotePrefix=\"1\"" : "");
            return (wrap ? format.Append("><alignment vertical=\"top\" wrapText=\"1\"/></xf>") : format.Append("/>")).ToString();
        }

        string[] cellFormats =
        [
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
            Format(49, wrap: true),
        ];
        return xml.Append(CultureInfo.InvariantCulture, $"<cellXfs count=\"{cellFormats.Length}\">").AppendJoin("", cellFormats).Append("</cellXfs>")
            .Append("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
            .Append("</styleSheet>")
            .ToString();
    }
}
