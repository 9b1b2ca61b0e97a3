using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.Planning;

namespace BackorderDesk.Features.Dashboard;

/// <summary>Everything the Dashboard shows for one view (client and period), read at one moment.</summary>
public sealed record DashboardSnapshot(
    DashboardView View,
    DashboardFigures Figures,
    KpiFigures Kpis,
    KpiFigures PreviousKpis,
    IReadOnlyList<DailyBackorderRate> Daily,
    IReadOnlyList<AgeBucketUnits> Ages,
    IReadOnlyList<ClientUnits> Clients,
    IReadOnlyList<ShortSku> TopShort,
    IReadOnlyList<ReorderAlert> ReorderAlerts)
{
    /// <summary>The charts of this snapshot, drawn once here and shared by every page that shows it.</summary>
    public DashboardChartMarkup Charts { get; } = DashboardChartMarkup.Build(Daily, Ages, Clients);
}

/// <summary>
/// Reads a <see cref="DashboardSnapshot"/>: the figures, the KPIs of the period and the one before,
/// and the charts' data, side by side (each read has its own context). An unknown client is a
/// <see cref="Hosting.NotFoundException"/> before anything else is read.
/// </summary>
public sealed class LoadDashboard(DashboardSummary summary, ComputeKpis kpis, DashboardCharts charts, ReorderAlerts reorderAlerts, TimeProvider time, UnplannedSkus? unplanned = null)
{
    /// <summary>How many reorder alerts the panel shows.</summary>
    public const int ReorderAlertsShown = 8;

    public async Task<DashboardSnapshot> HandleAsync(DashboardView view, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var client = view.Client;

        // SKUs no computation has reached get their numbers first, so the count and the panel read the same ones.
        if (unplanned is not null)
        {
            await unplanned.ComputeAsync(cancellationToken);
        }

        // The KPIs check the client first, so an unknown code fails fast instead of showing zeros.
        var current = await kpis.HandleAsync(view.KpiPeriod(today), client, cancellationToken);
        var previous = kpis.HandleAsync(view.PreviousPeriod(today), client, cancellationToken);
        var figures = summary.HandleAsync(client, cancellationToken);
        var daily = kpis.DailyAsync(view.ChartPeriod(today), client, cancellationToken);
        var ages = charts.WaitingByAgeAsync(client, cancellationToken);
        var byClient = charts.WaitingByClientAsync(client, cancellationToken);
        var top = charts.TopShortSkusAsync(client, DashboardCharts.DefaultTopShort, cancellationToken);
        var alerts = reorderAlerts.HandleAsync(client, ReorderAlertsShown, cancellationToken);
        await Task.WhenAll(previous, figures, daily, ages, byClient, top, alerts);

        return new DashboardSnapshot(view, await figures, current, await previous, await daily, await ages, await byClient, await top, await alerts);
    }
}
