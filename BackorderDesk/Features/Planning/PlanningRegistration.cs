namespace BackorderDesk.Features.Planning;

public static class PlanningRegistration
{
    /// <summary>Reorder points and alerts, their recompute (on demand and nightly) and purchase order suggestions.</summary>
    public static IServiceCollection AddPlanning(this IServiceCollection services) =>
        services
            .AddSingleton<ReorderAlerts>()
            .AddSingleton<RecomputePlanning>()
            .AddSingleton<PlanningRuns>()
            .AddHostedService<NightlyPlanning>()
            .AddSingleton<SkuPlanning>()
            .AddSingleton<UnplannedSkus>()
            .AddSingleton<ListPlanning>()
            .AddSingleton<SuggestPurchaseOrders>()
            .AddSingleton<Exports.IWorkbook, ReorderWorkbook>();
}
