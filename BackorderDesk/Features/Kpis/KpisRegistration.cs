namespace BackorderDesk.Features.Kpis;

public static class KpisRegistration
{
    /// <summary>The KPI figures of a period (API, dashboard and exports).</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services) =>
        services
            .AddSingleton<ComputeKpis>()
            .AddSingleton<Exports.IWorkbook, KpiWorkbook>();
}
