using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>A new purchase order in the audit trail: one entry for the order, one on each of its SKUs' timelines.</summary>
internal static class PurchaseOrderAudit
{
    public static void Created(WriteScope scope, DeskActor actor, PurchaseOrder order, string? how = null)
    {
        var suffix = how is null ? "" : $" ({how})";
        var lines = string.Join(", ", order.Lines.Select(l => $"{l.Qty} × {l.Sku.Code} for {Iso(l.ExpectedDate)}"));
        AuditTrail.Add(scope, actor, AuditActions.PurchaseOrderCreated, AuditSubject.PurchaseOrder, order.Number, null, null, lines, $"Placed {order.Number} with {order.Supplier.Code}: {order.Lines.Count} {(order.Lines.Count == 1 ? "line" : "lines")}{suffix}.");
        foreach (var line in order.Lines)
        {
            AuditTrail.Add(scope, actor, AuditActions.PurchaseOrderCreated, AuditSubject.Sku, line.Sku.Code, null, null, $"{line.Qty} on {order.Number} for {Iso(line.ExpectedDate)}", $"{order.Number} placed with {order.Supplier.Code}: {line.Qty} expected {Iso(line.ExpectedDate)}{suffix}.");
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
