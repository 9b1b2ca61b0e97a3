using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Features.Stock;
using BackorderDesk.Features.Suppliers;

namespace BackorderDesk.Features.Exports;

public static class WorkbookRegistration
{
    /// <summary>
    /// The workbooks of <c>GET /api/exports/{name}.xlsx</c>, each its feature's own, and the catalog the
    /// endpoint finds them in. Singletons: they read through the DbContext factory, as the use cases they call.
    /// </summary>
    public static IServiceCollection AddWorkbooks(this IServiceCollection services)
    {
        services.AddSingleton<IWorkbook, BackorderWorkbook>();
        services.AddSingleton<IWorkbook, StockWorkbook>();
        services.AddSingleton<IWorkbook, ReorderWorkbook>();
        services.AddSingleton<IWorkbook, KpiWorkbook>();
        services.AddSingleton<IWorkbook, SupplierWorkbook>();
        services.AddSingleton<IWorkbook, PurchaseOrderWorkbook>();
        services.AddSingleton<IWorkbook, PurchaseOrderTemplate>();
        services.AddSingleton<IWorkbook, AuditWorkbook>();
        services.AddSingleton<Workbooks>();
        return services;
    }
}
