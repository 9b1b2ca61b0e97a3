namespace BackorderDesk.Features.Audit;

public static class AuditRegistration
{
    /// <summary>Reading the audit trail (the Audit trail page, order timelines, the SKU page).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services
            .AddSingleton<ListAuditTrail>()
            .AddSingleton<Exports.IWorkbook, AuditWorkbook>();
}
