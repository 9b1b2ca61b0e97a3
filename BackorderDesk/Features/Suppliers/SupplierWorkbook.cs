using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Suppliers;

/// <summary>The <c>suppliers</c> workbook: each supplier's performance as the Suppliers page shows it.</summary>
public sealed class SupplierWorkbook(SupplierPerformance suppliers) : IWorkbook
{
    private static readonly ExportColumn[] Columns =
    [
        new("Supplier", CellKind.Text), new("Name", CellKind.Text), new("Quoted lead time (days)", CellKind.Integer), new("Receipts", CellKind.Integer),
        new("On-time rate", CellKind.Percent), new("Lateness mean (days)", CellKind.Decimal), new("Lateness σ (days)", CellKind.Decimal),
        new("Lateness P50 (days)", CellKind.Integer), new("Lateness P90 (days)", CellKind.Integer),
        new("Lead time mean (days)", CellKind.Decimal), new("Lead time σ (days)", CellKind.Decimal),
        new("Open lines", CellKind.Integer), new("Late open lines", CellKind.Integer), new("Open qty", CellKind.Integer),
        new("Open value", CellKind.Money), new("Backordered units", CellKind.Integer),
        new("ETA range", CellKind.Text), new("ETA range from (days late)", CellKind.Integer), new("ETA range to (days late)", CellKind.Integer),
    ];

    /// <summary>What the figure columns mean (docs/rules.md), for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("On-time rate", "Receipts by the first promised date ÷ receipts × 100. A receipt is a PO line whose last open unit arrived."),
        new("Lateness mean / σ (days)", "Days between receipt and the first promised date, early receipts counting as zero: mean and population standard deviation."),
        new("Lateness P50 / P90 (days)", "The 50th and 90th percentiles of that lateness."),
        new("ETA range", "The percentiles of that lateness (over all the supplier's receipts) every ETA from this supplier is widened by, and their days: P50–P90 until the nightly planning run finds, from the supplier's history, the narrowest pair that kept at least 95 % of first-quoted ETAs."),
        new("Lead time mean / σ (days)", "Receipt date − order date over received lines: mean and population standard deviation (σL)."),
        new("Open value", "Open PO units × the SKU's unit cost."),
        new("Backordered units", "Units waiting on SKUs this supplier supplies."),
    ];

    public string Name => "suppliers";

    public string Policy => Policies.Exports;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var rows = await suppliers.ListAsync(request.Client, cancellationToken);
        var sheet = WorkbookSheet.From(
            "Suppliers",
            Columns,
            rows.Select(r => new object?[]
            {
                r.Code, r.Name, r.QuotedLeadTimeDays, r.Receipts, r.OnTimeRate, r.MeanLatenessDays, r.LatenessStdDevDays, r.LatenessP50Days, r.LatenessP90Days,
                r.LeadTimeMeanDays, r.LeadTimeStdDevDays, r.OpenLines, r.LateOpenLines, r.OpenQty, r.OpenValue, r.BackorderedUnits,
                r.EtaRange, r.EtaRangeFromDays, r.EtaRangeToDays,
            }));
        await WorkbookWriter.WriteAsync(output, sheet, request.About("Supplier performance", [], Definitions), cancellationToken);
    }
}
