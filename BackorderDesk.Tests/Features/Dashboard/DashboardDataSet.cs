using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Dashboard;

/// <summary>
/// A small warehouse whose Dashboard figures are worked out by hand, for today = 2 March 2026.
/// <code>
/// SKU  on hand  allocated  on order  backordered  IP  reorder point          at/below?
/// A    4        4          10        4            6   manual 6               yes (6 ≤ 6)
/// B    7        3          6         0            10  manual 2 (computed 10) no
/// C    0        0          5         2            3   manual 5 (computed 1)  yes
///
/// SO-1  A×3 allocated 3, B×2 allocated 2      open, nothing waits
/// SO-2  A×5 allocated 1                        open, 4 units wait
/// SO-3  C×2 nothing on hand, B×1 allocated 1   open, 2 units wait
/// SO-4  B×3 allocated and shipped              not open
/// SO-5  C×1 cancelled                          not open
///
/// PO-1  A 10 expected 25 Feb (late), C 5 expected 10 Mar
/// PO-2  B 4 expected 20 Feb, cancelled         not open
/// PO-3  B 6 expected 2 Mar (today: not late)
/// </code>
/// Expected: 3 SKUs, 3 open orders, 2 of them waiting, rate 66.7 %, 2 waiting lines, 6 waiting
/// units, 2 SKUs at or below reorder point, 3 open PO lines, 1 late.
/// </summary>
public static class DashboardDataSet
{
    public static async Task SeedAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var today = new DateOnly(2026, 3, 2);
        var client = new Client("ACME", "Acme Outdoor");
        var supplier = new Supplier("NORD", "Nordic Textiles", 10);
        var customer = new Customer("C-1", "Ada Lovelace", "ada@example.com", CustomerType.Dtc);

        var a = new Sku("A", "Rain jacket", client, SellingPolicy.Backorderable);
        var b = new Sku("B", "Fleece", client, SellingPolicy.Backorderable);
        var c = new Sku("C", "Beanie", client, SellingPolicy.Backorderable);
        a.SetManualPlanning(reorderPoint: 6, safetyStock: null);
        b.SetComputedPlanning(reorderPoint: 10, safetyStock: 3);
        b.SetManualPlanning(reorderPoint: 2, safetyStock: null);
        c.SetComputedPlanning(reorderPoint: 1, safetyStock: 0);
        c.SetManualPlanning(reorderPoint: 5, safetyStock: null);

        var movements = new List<StockMovement>
        {
            a.Move(MovementKind.Adjustment, 4, at, "Opening stock"),
            b.Move(MovementKind.Adjustment, 10, at, "Opening stock"),
        };

        var so1 = Order("SO-1", at.AddMinutes(1));
        var so1A = so1.AddLine(a, 3);
        var so1B = so1.AddLine(b, 2);
        var so2 = Order("SO-2", at.AddMinutes(2));
        var so2A = so2.AddLine(a, 5);
        var so3 = Order("SO-3", at.AddMinutes(3));
        so3.AddLine(c, 2);
        var so3B = so3.AddLine(b, 1);
        var so4 = Order("SO-4", at.AddMinutes(4));
        var so4B = so4.AddLine(b, 3);
        var so5 = Order("SO-5", at.AddMinutes(5));
        var so5C = so5.AddLine(c, 1);

        var context = new AllocationContext(AllocationCause.Adjustment, "Opening stock", at.AddMinutes(10));
        AllocationEngine.Allocate(a, [so1A, so2A], context, today);
        AllocationEngine.Allocate(b, [so1B, so3B, so4B], context, today);
        movements.Add(so4B.Ship(3, at.AddMinutes(20)));
        so5C.Cancel(1);

        var po1 = new PurchaseOrder("PO-1", supplier, at);
        po1.AddLine(a, 10, new DateOnly(2026, 2, 25));
        po1.AddLine(c, 5, new DateOnly(2026, 3, 10));
        var po2 = new PurchaseOrder("PO-2", supplier, at);
        po2.AddLine(b, 4, new DateOnly(2026, 2, 20)).Cancel(at);
        var po3 = new PurchaseOrder("PO-3", supplier, at);
        po3.AddLine(b, 6, today);

        db.AddRange(client, supplier, customer, a, b, c);
        db.Orders.AddRange(so1, so2, so3, so4, so5);
        db.PurchaseOrders.AddRange(po1, po2, po3);
        db.Ledger.AddRange(movements);
        await db.SaveChangesAsync(cancellationToken);

        SalesOrder Order(string number, DateTime placedAt) =>
            new(number, client, customer, "web", placedAt, ShipPolicy.ShipPartial, OrderPriority.Standard);
    }
}
