namespace BackorderDesk.Features.Suppliers;

public static class SuppliersRegistration
{
    /// <summary>How each supplier delivers: lateness and fill figures for the suppliers pages and the API, and ETA ranges tuned from history.</summary>
    public static IServiceCollection AddSuppliers(this IServiceCollection services) =>
        services
            .AddSingleton<SupplierPerformance>()
            .AddSingleton<EtaRangeTuner>()
            .AddSingleton<Exports.IWorkbook, SupplierWorkbook>();
}
