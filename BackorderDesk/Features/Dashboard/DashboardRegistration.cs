namespace BackorderDesk.Features.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The dashboard's figures, charts and the snapshots its KPI trends compare against.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services
            .AddSingleton<DashboardSummary>()
            .AddSingleton<DashboardCharts>()
            .AddSingleton<LoadDashboard>()
            .AddSingleton<DashboardSnapshots>();
}
