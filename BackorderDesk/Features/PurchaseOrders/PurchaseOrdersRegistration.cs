namespace BackorderDesk.Features.PurchaseOrders;

public static class PurchaseOrdersRegistration
{
    /// <summary>Placing, listing, re-dating, cancelling and importing purchase orders.</summary>
    public static IServiceCollection AddPurchaseOrders(this IServiceCollection services) =>
        services
            .AddSingleton<PlacePurchaseOrder>()
            .AddSingleton<PurchaseOrderDetails>()
            .AddSingleton<MoveExpectedDate>()
            .AddSingleton<CancelPurchaseOrderLine>()
            .AddSingleton<ListPurchaseOrders>()
            .AddSingleton<ImportPurchaseOrders>()
            .AddSingleton<Exports.IWorkbook, PurchaseOrderWorkbook>()
            .AddSingleton<Exports.IWorkbook, PurchaseOrderTemplate>();
}
