using System.Drawing;
using BackorderDesk.Features.Exports;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace BackorderDesk.Benchmarks;

/// <summary>
/// The export workbook through SpreadCheetah, the candidate the export benchmark measures against the
/// app's <see cref="WorkbookWriter"/>: the same sheets, cells, number formats, bold filled header,
/// frozen row and autofilter. Being forward-only it takes column widths before the rows (here from the
/// headers), and it has no quote-prefix style for formula-like text (its text cells are never formulas).
/// </summary>
internal static class SpreadCheetahWorkbook
{
    public static async Task<int> WriteAsync(Stream output, WorkbookSheet sheet, ExportAbout about, CancellationToken ct)
    {
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { CompressionLevel = SpreadCheetahCompressionLevel.Fastest }, ct);
        var header = spreadsheet.AddStyle(new Style { Font = new SpreadCheetah.Styling.Font { Bold = true }, Fill = new Fill { Color = Color.FromArgb(0xE8, 0xEE, 0xF4) }, Format = NumberFormat.Custom(ExportFormats.TextFormat) });
        var text = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom(ExportFormats.TextFormat) });
        var bold = spreadsheet.AddStyle(new Style { Font = new SpreadCheetah.Styling.Font { Bold = true }, Format = NumberFormat.Custom(ExportFormats.TextFormat) });
        var kinds = Enum.GetValues<CellKind>().ToDictionary(k => k, k => k is CellKind.Text or CellKind.Flag ? text : spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom(ExportFormats.FormatOf(k)!) }));

        var columns = sheet.Columns;
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var c = 0; c < columns.Count; c++)
        {
            options.Column(c + 1).Width = ExportFormats.Width(columns[c].Header.Length);
        }

        await spreadsheet.StartWorksheetAsync(sheet.Name, options, ct);
        await spreadsheet.AddRowAsync(columns.Select(c => new Cell(c.Header, header)).ToArray(), ct);
        var cells = new Cell[columns.Count];
        var styles = columns.Select(c => kinds[c.Kind]).ToArray();
        var count = 0;
        await foreach (var row in sheet.Rows.WithCancellation(ct))
        {
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = ToCell(columns[c].Kind, row[c], styles[c]);
            }

            await spreadsheet.AddRowAsync(cells, ct);
            count++;
        }

        // The filter's range is known only now; the options are read when the worksheet is finished.
        options.AutoFilter = new AutoFilterOptions($"A1:{ExportFormats.ColumnLetters(columns.Count)}{count + 1}");

        var aboutRows = WorkbookWriter.AboutRows(about, count);
        var aboutOptions = new WorksheetOptions();
        aboutOptions.Column(1).Width = ExportFormats.Width(aboutRows.Max(r => r.Label.Length));
        aboutOptions.Column(2).Width = ExportFormats.MaxWidth;
        await spreadsheet.StartWorksheetAsync("About", aboutOptions, ct);
        foreach (var (label, value) in aboutRows)
        {
            await spreadsheet.AddRowAsync(
                [
                    new Cell(label, bold),
                    value switch
                    {
                        DateTime at => new Cell(at, kinds[CellKind.DateTime]),
                        int n => new Cell(n, kinds[CellKind.Integer]),
                        string s => new Cell(s, text),
                        _ => new Cell(),
                    },
                ],
                ct);
        }

        await spreadsheet.FinishAsync(ct);
        return count;
    }

    private static Cell ToCell(CellKind kind, object? value, StyleId style) => value switch
    {
        null => new Cell(),
        int i when kind is CellKind.Integer => new Cell(i, style),
        _ => kind switch
        {
            CellKind.Integer or CellKind.Decimal or CellKind.Money => new Cell(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), style),
            CellKind.Percent => new Cell(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) / 100.0, style),
            CellKind.Date => new Cell(value is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime)value, style),
            CellKind.DateTime => new Cell((DateTime)value, style),
            _ => new Cell(ExportFormats.Text(value), style),
        },
    };
}
