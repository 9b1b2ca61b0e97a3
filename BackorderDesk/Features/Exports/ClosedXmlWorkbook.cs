using ClosedXML.Excel;

namespace BackorderDesk.Features.Exports;

/// <summary>
/// Small formatted workbooks with ClosedXML: each data sheet with a bold header row, typed cells,
/// an autofilter, the header frozen and widths from the content (AdjustToContents needs libgdiplus,
/// so widths are counted here), then the About sheet. Text is always set as text, never as a formula.
/// </summary>
public static class ClosedXmlWorkbook
{
    public static void Write(Stream output, IReadOnlyList<ExportSheet> sheets, ExportAbout about)
    {
        using var workbook = new XLWorkbook();
        foreach (var sheet in sheets)
        {
            AddSheet(workbook, sheet);
        }

        AddAbout(workbook, about, sheets);
        workbook.SaveAs(output);
    }

    private static void AddSheet(XLWorkbook workbook, ExportSheet sheet)
    {
        var ws = workbook.Worksheets.Add(sheet.Name);
        var widths = sheet.Columns.Select(c => c.Header.Length).ToArray();
        for (var c = 0; c < sheet.Columns.Count; c++)
        {
            var header = ws.Cell(1, c + 1);
            SetText(header, sheet.Columns[c].Header);
            header.Style.Font.Bold = true;
            header.Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF4");
        }

        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var row = sheet.Rows[r];
            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                var kind = sheet.Columns[c].Kind;
                SetValue(ws.Cell(r + 2, c + 1), kind, row[c]);
                widths[c] = Math.Max(widths[c], ExportFormats.DisplayLength(kind, row[c]));
            }
        }

        for (var c = 0; c < sheet.Columns.Count; c++)
        {
            ws.Column(c + 1).Width = ExportFormats.Width(widths[c]);
        }

        ws.Range(1, 1, Math.Max(1, sheet.Rows.Count + 1), sheet.Columns.Count).SetAutoFilter();
        ws.SheetView.FreezeRows(1);
    }

    internal static void SetValue(IXLCell cell, CellKind kind, object? value)
    {
        if (value is null)
        {
            return;
        }

        switch (kind)
        {
            case CellKind.Integer or CellKind.Decimal or CellKind.Money:
                cell.SetValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                cell.Style.NumberFormat.Format = ExportFormats.FormatOf(kind);
                break;
            case CellKind.Percent:
                cell.SetValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) / 100.0);
                cell.Style.NumberFormat.Format = ExportFormats.Percent;
                break;
            case CellKind.Date:
                cell.SetValue(value is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime)value);
                cell.Style.NumberFormat.Format = ExportFormats.Date;
                break;
            case CellKind.DateTime:
                cell.SetValue((DateTime)value);
                cell.Style.NumberFormat.Format = ExportFormats.DateTime;
                break;
            default:
                SetText(cell, ExportFormats.Text(value));
                break;
        }
    }

    /// <summary>
    /// Text stays text: the cell's type is set to text after the value (ClosedXML would otherwise
    /// read "=..." as a formula), the format is "@", and formula-like text gets Excel's quote prefix.
    /// </summary>
    internal static void SetText(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        cell.Style.NumberFormat.Format = ExportFormats.TextFormat;
        if (ExportFormats.LooksLikeFormula(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    private static void AddAbout(XLWorkbook workbook, ExportAbout about, IReadOnlyList<ExportSheet> sheets)
    {
        var ws = workbook.Worksheets.Add("About");
        var rows = AboutRows(about, sheets.Sum(s => s.Rows.Count));
        for (var r = 0; r < rows.Count; r++)
        {
            var (label, value) = rows[r];
            SetText(ws.Cell(r + 1, 1), label);
            ws.Cell(r + 1, 1).Style.Font.Bold = true;
            if (value is DateTime at)
            {
                SetValue(ws.Cell(r + 1, 2), CellKind.DateTime, at);
            }
            else if (value is int count)
            {
                SetValue(ws.Cell(r + 1, 2), CellKind.Integer, count);
            }
            else if (value is not null)
            {
                SetText(ws.Cell(r + 1, 2), (string)value);
            }
        }

        ws.Column(1).Width = ExportFormats.Width(rows.Max(r => r.Label.Length));
        ws.Column(2).Width = ExportFormats.MaxWidth;
        ws.Column(2).Style.Alignment.WrapText = true;
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
}
