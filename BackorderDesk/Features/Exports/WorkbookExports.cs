using BackorderDesk.Data;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Features.Stock;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace BackorderDesk.Features.Exports;

/// <summary>A finished workbook: a temporary file (deleted when the stream is closed) and its download name.</summary>
public sealed record ExportFile(Stream Content, string FileName);

/// <summary>
/// Builds the workbooks of <c>GET /api/exports/{name}.xlsx</c>. Each reads the page's own query
/// parameters with the page's own parser (StockQuery, BackorderFilterUrl, PurchaseOrderQuery), so a
/// workbook holds exactly the grid's rows. The two that reach 100,000 rows (backorders, stock) stream
/// from the database through <see cref="StreamingWorkbook"/>; the others are read into memory and
/// written with ClosedXML, or streamed when they are large (<see cref="ClosedXmlRowLimit"/>).
/// </summary>
public sealed class WorkbookExports(
    IDbContextFactory<WarehouseDbContext> factory,
    TimeProvider time,
    ReorderAlerts reorderAlerts,
    ComputeKpis kpis,
    SupplierPerformance suppliers,
    ListPurchaseOrders purchaseOrders,
    ListAuditTrail audit)
{
    public static readonly string[] Names = ["backorders", "stock", "reorder", "kpis", "suppliers", "purchase-orders", "audit"];

    /// <summary>
    /// Above this many rows an in-memory export is streamed too: ClosedXML 0.95.4 needs about 12 KB and
    /// 0.1 ms per row of 12 cells (see the export benchmark), the streaming writer a flat few MB.
    /// </summary>
    public const int ClosedXmlRowLimit = 5_000;

    public async Task<ExportFile> BuildAsync(string name, string queryString, CancellationToken cancellationToken)
    {
        var query = QueryHelpers.ParseQuery(queryString);
        var client = Text(query, "client");
        if (client is not null)
        {
            await EnsureClientAsync(client, cancellationToken);
        }

        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bod-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            switch (name)
            {
                case "backorders":
                    await BackorderExport.WriteAsync(file, factory, time, BackorderFilterUrl.Parse("?" + queryString.TrimStart('?')), cancellationToken);
                    break;
                case "stock":
                    await StockExport.WriteAsync(file, factory, time, StockQuery.FromQueryString(queryString), cancellationToken);
                    break;
                case "reorder":
                    var planning = PlanningQuery.FromQueryString(queryString);
                    await WriteRowsAsync(file, await ReorderSheetAsync(planning, cancellationToken), About("Reorder alerts", client, Filters(query, "supplier", "abc", "q"), ColumnDefinitions.Reorder), cancellationToken);
                    break;
                case "kpis":
                    await WriteKpisAsync(file, query, client, cancellationToken);
                    break;
                case "suppliers":
                    await WriteRowsAsync(file, SupplierSheet(await suppliers.ListAsync(client, cancellationToken)), About("Supplier performance", client, [], ColumnDefinitions.Suppliers), cancellationToken);
                    break;
                case "purchase-orders":
                    var poQuery = PurchaseOrderQuery.FromQueryString(queryString);
                    await WriteRowsAsync(
                        file,
                        PurchaseOrderSheet(await purchaseOrders.AllAsync(poQuery, cancellationToken)),
                        About("Purchase orders", client, [new("status", poQuery.Status.ToString()), .. Filters(query, "supplier", "q")], ColumnDefinitions.PurchaseOrders),
                        cancellationToken);
                    break;
                case "audit":
                    var auditQuery = AuditQuery.FromQueryString(queryString);
                    await AuditExport.WriteAsync(file, audit, auditQuery, About("Audit trail", null, AuditExport.Filters(auditQuery), AuditExport.Definitions), cancellationToken);
                    break;
                case PurchaseOrderTemplate.Name:
                    PurchaseOrderTemplate.Write(file, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                    break;
                default:
                    throw new NotFoundException($"There is no export '{name}'. Exports: {string.Join(", ", Names)} (and {PurchaseOrderTemplate.Name}).");
            }

            file.Position = 0;
            return new ExportFile(file, $"{name}-{time.GetUtcNow().UtcDateTime:yyyy-MM-dd-HHmm}.xlsx");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    internal ExportAbout About(string title, string? client, IReadOnlyList<KeyValuePair<string, string>> filters, IReadOnlyList<KeyValuePair<string, string>> definitions) =>
        new(title, client, time.GetUtcNow().UtcDateTime, filters, definitions);

    /// <summary>ClosedXML for small sheets; the streaming writer (with widths counted from the rows) for large ones.</summary>
    private static async Task WriteRowsAsync(Stream output, ExportSheet sheet, ExportAbout about, CancellationToken cancellationToken)
    {
        if (sheet.Rows.Count <= ClosedXmlRowLimit)
        {
            ClosedXmlWorkbook.Write(output, [sheet], about);
            return;
        }

        await StreamingWorkbook.WriteAsync(output, sheet.Name, sheet.Columns, sheet.Rows.ToAsyncEnumerable(), about, cancellationToken);
    }

    private async Task<ExportSheet> ReorderSheetAsync(PlanningQuery filters, CancellationToken ct)
    {
        var alerts = await reorderAlerts.HandleAsync(filters, null, ct);
        return new ExportSheet(
            "Reorder",
            [
                new("SKU", CellKind.Text), new("Name", CellKind.Text), new("Client", CellKind.Text), new("Supplier", CellKind.Text),
                new("Inventory position", CellKind.Integer), new("Reorder point", CellKind.Integer), new("Safety stock", CellKind.Integer),
                new("Manual", CellKind.Flag), new("Backordered", CellKind.Integer), new("Suggested qty", CellKind.Integer),
            ],
            alerts.Select(a => new object?[] { a.Sku, a.Name, a.Client, a.Supplier, a.InventoryPosition, a.ReorderPoint, a.SafetyStock, a.ReorderPointIsManual, a.Backordered, a.SuggestedQty }).ToList());
    }

    private async Task WriteKpisAsync(Stream output, Dictionary<string, StringValues> query, string? client, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (period, _) = KpiQuery.Parse(Text(query, "from"), Text(query, "to"), client, today, KpiQuery.DefaultDays);
        var figures = await kpis.HandleAsync(period, client, ct);

        // The daily history: the chart's 90 days ending at the period's end, or the period itself when longer.
        var dailyPeriod = period.Days >= KpiQuery.DefaultChartDays ? period : new KpiPeriod(period.To.AddDays(1 - KpiQuery.DefaultChartDays), period.To);
        var daily = await kpis.DailyAsync(dailyPeriod, client, ct);
        var summary = new ExportSheet(
            "KPIs",
            [
                new("From", CellKind.Date), new("To", CellKind.Date), new("Client", CellKind.Text),
                new("Backorder rate", CellKind.Percent), new("Current backorder rate", CellKind.Percent), new("Line fill rate", CellKind.Percent),
                new("Perfect order rate", CellKind.Percent), new("Average backorder age (days)", CellKind.Decimal), new("Time to fill (days)", CellKind.Decimal),
                new("Backorder cancellation rate", CellKind.Percent), new("ETA accuracy", CellKind.Percent),
                new("Orders placed", CellKind.Integer), new("Orders backordered", CellKind.Integer),
            ],
            [
                [
                    figures.From, figures.To, figures.Client ?? "all clients",
                    figures.BackorderRate, figures.CurrentBackorderRate, figures.LineFillRate, figures.PerfectOrderRate,
                    figures.AverageBackorderAgeDays, figures.TimeToFillDays, figures.BackorderCancellationRate, figures.EtaAccuracy,
                    figures.OrdersPlaced, figures.OrdersBackordered,
                ],
            ]);
        var history = new ExportSheet(
            "Daily",
            [new("Day", CellKind.Date), new("Orders placed", CellKind.Integer), new("Orders backordered", CellKind.Integer), new("Backorder rate", CellKind.Percent)],
            daily.Select(d => new object?[] { d.Day, d.OrdersPlaced, d.OrdersBackordered, d.BackorderRate }).ToList());
        var about = About(
            "KPIs",
            client,
            [new("from", Iso(period.From)), new("to", Iso(period.To)), new("daily history", $"{Iso(dailyPeriod.From)} to {Iso(dailyPeriod.To)}")],
            ColumnDefinitions.Kpis);
        ClosedXmlWorkbook.Write(output, [summary, history], about);
    }

    private static ExportSheet SupplierSheet(IReadOnlyList<SupplierPerformanceRow> rows) => new(
        "Suppliers",
        [
            new("Supplier", CellKind.Text), new("Name", CellKind.Text), new("Quoted lead time (days)", CellKind.Integer), new("Receipts", CellKind.Integer),
            new("On-time rate", CellKind.Percent), new("Lateness mean (days)", CellKind.Decimal), new("Lateness σ (days)", CellKind.Decimal),
            new("Lateness P50 (days)", CellKind.Integer), new("Lateness P90 (days)", CellKind.Integer),
            new("Lead time mean (days)", CellKind.Decimal), new("Lead time σ (days)", CellKind.Decimal),
            new("Open lines", CellKind.Integer), new("Late open lines", CellKind.Integer), new("Open qty", CellKind.Integer),
            new("Open value", CellKind.Money), new("Backordered units", CellKind.Integer),
        ],
        rows.Select(r => new object?[]
        {
            r.Code, r.Name, r.QuotedLeadTimeDays, r.Receipts, r.OnTimeRate, r.MeanLatenessDays, r.LatenessStdDevDays, r.LatenessP50Days, r.LatenessP90Days,
            r.LeadTimeMeanDays, r.LeadTimeStdDevDays, r.OpenLines, r.LateOpenLines, r.OpenQty, r.OpenValue, r.BackorderedUnits,
        }).ToList());

    private static ExportSheet PurchaseOrderSheet(IReadOnlyList<PurchaseOrderRow> rows) => new(
        "Purchase orders",
        [
            new("PO", CellKind.Text), new("Supplier", CellKind.Text), new("Supplier name", CellKind.Text), new("Ordered at", CellKind.DateTime),
            new("Lines", CellKind.Integer), new("Ordered", CellKind.Integer), new("Received", CellKind.Integer), new("Cancelled", CellKind.Integer),
            new("Open", CellKind.Integer), new("Late lines", CellKind.Integer), new("Next expected", CellKind.Date), new("Open value", CellKind.Money),
        ],
        rows.Select(r => new object?[]
        {
            r.Number, r.Supplier, r.SupplierName, r.OrderedAt, r.Lines, r.OrderedQty, r.ReceivedQty, r.CancelledQty, r.OpenQty, r.LateLines, r.NextExpected, r.OpenValue,
        }).ToList());

    private async Task EnsureClientAsync(string client, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Clients.AnyAsync(c => c.Code == client, ct))
        {
            throw new NotFoundException($"Client {client} does not exist.");
        }
    }

    internal static IReadOnlyList<KeyValuePair<string, string>> Filters(Dictionary<string, StringValues> query, params string[] keys) =>
        keys.Select(k => (Key: k, Value: Text(query, k))).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)).ToList();

    private static string? Text(Dictionary<string, StringValues> query, string key) =>
        query.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
