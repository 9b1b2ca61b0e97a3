using System.Globalization;
using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Kpis;

/// <summary>The <c>kpis</c> workbook: the period's figures and the daily history the dashboard's chart shows.</summary>
public sealed class KpiWorkbook(ComputeKpis kpis) : IWorkbook
{
    private static readonly ExportColumn[] SummaryColumns =
    [
        new("From", CellKind.Date), new("To", CellKind.Date), new("Client", CellKind.Text),
        new("Backorder rate", CellKind.Percent), new("Current backorder rate", CellKind.Percent), new("Line fill rate", CellKind.Percent),
        new("Perfect order rate", CellKind.Percent), new("Average backorder age (days)", CellKind.Decimal), new("Time to fill (days)", CellKind.Decimal),
        new("Backorder cancellation rate", CellKind.Percent), new("ETA accuracy", CellKind.Percent),
        new("Orders placed", CellKind.Integer), new("Orders backordered", CellKind.Integer),
    ];

    private static readonly ExportColumn[] DailyColumns =
        [new("Day", CellKind.Date), new("Orders placed", CellKind.Integer), new("Orders backordered", CellKind.Integer), new("Backorder rate", CellKind.Percent)];

    /// <summary>What the figures mean (docs/rules.md), for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("Backorder rate", "Orders placed in the period with at least one line not fully allocated at placement ÷ orders placed in the period × 100 (target below 5%)."),
        new("Current backorder rate", "Open orders with any backordered quantity ÷ open orders × 100, now."),
        new("Line fill rate", "Lines fully allocated at placement ÷ lines placed × 100."),
        new("Perfect order rate", "Orders shipped complete, by their promised date, with nothing cancelled ÷ orders shipped in the period × 100."),
        new("Average backorder age (days)", "Mean days since a line went on backorder, over lines still waiting."),
        new("Time to fill (days)", "Mean days from backordered to fully allocated, over lines filled in the period."),
        new("Backorder cancellation rate", "Backordered lines cancelled ÷ lines that went on backorder × 100."),
        new("ETA accuracy", "Backordered lines shipped by their first quoted ETA ÷ backordered lines shipped × 100."),
        new("Daily: backorder rate", "The backorder rate of the orders placed on that day; empty on a day without orders."),
    ];

    public string Name => "kpis";

    public string Policy => Policies.Exports;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var (period, _) = KpiQuery.Parse(request.Text("from"), request.Text("to"), request.Client, request.Today, KpiQuery.DefaultDays);
        var figures = await kpis.HandleAsync(period, request.Client, cancellationToken);

        // The daily history: the chart's 90 days ending at the period's end, or the period itself when longer.
        var dailyPeriod = period.Days >= KpiQuery.DefaultChartDays ? period : new KpiPeriod(period.To.AddDays(1 - KpiQuery.DefaultChartDays), period.To);
        var daily = await kpis.DailyAsync(dailyPeriod, request.Client, cancellationToken);
        object?[][] summary =
        [
            [
                figures.From, figures.To, figures.Client ?? "all clients",
                figures.BackorderRate, figures.CurrentBackorderRate, figures.LineFillRate, figures.PerfectOrderRate,
                figures.AverageBackorderAgeDays, figures.TimeToFillDays, figures.BackorderCancellationRate, figures.EtaAccuracy,
                figures.OrdersPlaced, figures.OrdersBackordered,
            ],
        ];
        var about = request.About(
            "KPIs",
            [new("from", Iso(period.From)), new("to", Iso(period.To)), new("daily history", $"{Iso(dailyPeriod.From)} to {Iso(dailyPeriod.To)}")],
            Definitions);
        await WorkbookWriter.WriteAsync(
            output,
            [
                WorkbookSheet.From("KPIs", SummaryColumns, summary),
                WorkbookSheet.From("Daily", DailyColumns, daily.Select(d => new object?[] { d.Day, d.OrdersPlaced, d.OrdersBackordered, d.BackorderRate })),
            ],
            about,
            cancellationToken);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
