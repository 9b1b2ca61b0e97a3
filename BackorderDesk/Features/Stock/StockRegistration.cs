namespace BackorderDesk.Features.Stock;

public static class StockRegistration
{
    /// <summary>The stock grid and a SKU's stock details.</summary>
    public static IServiceCollection AddStock(this IServiceCollection services) =>
        services
            .AddSingleton<ListStock>()
            .AddSingleton<SkuStockDetails>()
            .AddSingleton<Exports.IWorkbook, StockWorkbook>();
}
