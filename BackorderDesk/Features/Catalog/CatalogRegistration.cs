namespace BackorderDesk.Features.Catalog;

public static class CatalogRegistration
{
    /// <summary>Clients, suppliers and SKUs: creating and reading them, a SKU's queue and its availability for channels.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services) =>
        services
            .AddSingleton<CreateSupplier>()
            .AddSingleton<SupplierDetails>()
            .AddSingleton<CreateClient>()
            .AddSingleton<ClientDetails>()
            .AddSingleton<SaveSku>()
            .AddSingleton<SkuDetails>()
            .AddSingleton<SkuQueue>()
            .AddSingleton<SkuAvailability>();
}
