using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;
using ClosedXML.Excel;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>
/// The workbook planners fill to import purchase orders: one row per PO line, rows with the same
/// PO number are lines of one purchase order. <see cref="ImportPurchaseOrders"/> reads the same columns.
/// Written with ClosedXML, as the import reads it: unlike the exports it formats the empty rows to be
/// filled (codes as text, whole quantities, dates), which the forward-only export writer does not do.
/// </summary>
public sealed class PurchaseOrderTemplate : IWorkbook
{
    public const string Name = "purchase-order-template";
    public const string SheetName = "Purchase orders";

    public static readonly string[] Columns = ["PO number", "Supplier", "SKU", "Quantity", "Expected date"];

    string IWorkbook.Name => Name;

    public string Policy => Policies.Plan;

    public Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        Write(output, request.Today);
        return Task.CompletedTask;
    }

    public static void Write(Stream output, DateOnly today)
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.Worksheets.Add(SheetName);
        for (var c = 0; c < Columns.Length; c++)
        {
            var header = ws.Cell(1, c + 1);
            SetText(header, Columns[c]);
            header.Style.Font.Bold = true;
            header.Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF4");
        }

        // Formats for the rows to come: codes as text (so "00123" keeps its zeros), whole quantities, ISO dates.
        ws.Range("A2:C1000").Style.NumberFormat.Format = ExportFormats.TextFormat;
        ws.Range("D2:D1000").Style.NumberFormat.Format = ExportFormats.Integer;
        ws.Range("E2:E1000").Style.NumberFormat.Format = ExportFormats.Date;
        double[] widths = [16, 14, 20, 12, 14];
        for (var c = 0; c < widths.Length; c++)
        {
            ws.Column(c + 1).Width = widths[c];
        }

        ws.Range(1, 1, 1, Columns.Length).SetAutoFilter();
        ws.SheetView.FreezeRows(1);

        var help = workbook.Worksheets.Add("How to fill");
        string[] lines =
        [
            "One row per purchase-order line. Rows with the same PO number are the lines of one purchase order and must name the same supplier.",
            "PO number: a new number (1–64 characters) that no purchase order has yet.",
            "Supplier: the code of an existing supplier. SKU: the code of an existing SKU, once per purchase order.",
            "Quantity: a whole number from 1 to 1,000,000.",
            $"Expected date: a date from today ({today:yyyy-MM-dd}) on, within five years, as a date cell or yyyy-mm-dd text.",
            "Upload the file on the Purchase orders page. Every row is checked first; nothing is imported unless the whole file is valid.",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            SetText(help.Cell(i + 1, 1), lines[i]);
        }

        help.Column(1).Width = 120;
        workbook.SaveAs(output);
    }

    /// <summary>Text stays text: ClosedXML would otherwise read "=..." as a formula.</summary>
    private static void SetText(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        cell.Style.NumberFormat.Format = ExportFormats.TextFormat;
        if (ExportFormats.LooksLikeFormula(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }
}
