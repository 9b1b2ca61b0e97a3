namespace BackorderDesk.Features.Backorders;

public static class BackordersRegistration
{
    /// <summary>The backorder list (page and export). The queue page's actions come from the orders feature.</summary>
    public static IServiceCollection AddBackorders(this IServiceCollection services) =>
        services
            .AddSingleton<ListBackorders>()
            .AddSingleton<Exports.IWorkbook, BackorderWorkbook>();
}
