using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Stock;

/// <summary>
/// Five SKUs whose grid rows are worked out by hand, for today = 2 March 2026.
/// <code>
/// SKU  client supplier policy         on hand alloc avail held on order next    backord ROP          IP  below?
/// A    ACME   NORD     Backorderable  10      3     7     3    6        10 Mar  0       manual 4     13  no
/// B    ACME   NORD     Backorderable  2       2     0     0    8        25 Feb  3       computed 6   5   yes
/// C    ACME   SOUTH    Backorderable  0       0     0     0    9        5 Mar   2       manual 5     7   no
/// D    BETA   —        StopSelling    20      4     16    0    0        —       0       computed 3   16  no
/// E    BETA   SOUTH    Discontinued   0       0     0     0    0        —       0       computed 0   0   yes
///
/// SO-1 ShipComplete (1 Mar 08:01): A×3 allocated, C×2 waiting  → A's 3 units are held for completion
/// SO-2 ShipPartial  (1 Mar 08:02): B×5, 2 allocated, 3 waiting
/// SO-3 ShipPartial  (1 Mar 08:03): D×4 allocated
/// PO-1 NORD: A 6 expected 10 Mar, B 8 expected 25 Feb (late)
/// PO-2 SOUTH: C 5 expected 5 Mar;  PO-3 SOUTH: C 4 expected 20 Mar
/// Barcodes: A 5012345000017, B 5012345000024, D 7310000000017.
/// </code>
/// </summary>
public static class StockDataSet
{
    public static readonly DateOnly Today = new(2026, 3, 2);

    public static async Task SeedAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var acme = new Client("ACME", "Acme Outdoor");
        var beta = new Client("BETA", "Beta Goods");
        var nord = new Supplier("NORD", "Nordic Textiles", 10);
        var south = new Supplier("SOUTH", "Southern Mills", 20);
        var customer = new Customer("C-1", "Ada Lovelace", "ada@example.com", CustomerType.Dtc);

        var a = new Sku("A", "Rain jacket", acme, SellingPolicy.Backorderable);
        a.SetSupply(nord, null, 1, 1, 10m);
        a.AddBarcode("5012345000017");
        a.SetComputedPlanning(reorderPoint: 9, safetyStock: 2);
        a.SetManualPlanning(reorderPoint: 4, safetyStock: null);
        var b = new Sku("B", "Fleece", acme, SellingPolicy.Backorderable);
        b.SetSupply(nord, null, 1, 1, 10m);
        b.AddBarcode("5012345000024");
        b.SetComputedPlanning(reorderPoint: 6, safetyStock: 2);
        var c = new Sku("C", "Beanie", acme, SellingPolicy.Backorderable);
        c.SetSupply(south, 15, 1, 1, 3m);
        c.SetComputedPlanning(reorderPoint: 1, safetyStock: 0);
        c.SetManualPlanning(reorderPoint: 5, safetyStock: 2);
        var d = new Sku("D", "Wool socks", beta, SellingPolicy.StopSelling);
        d.AddBarcode("7310000000017");
        d.SetComputedPlanning(reorderPoint: 3, safetyStock: 1);
        var e = new Sku("E", "Trail map", beta, SellingPolicy.Discontinued);
        e.SetSupply(south, null, 1, 1, 1m);

        var movements = new List<StockMovement>
        {
            a.Move(MovementKind.Adjustment, 10, at, "Opening stock"),
            b.Move(MovementKind.Adjustment, 2, at, "Opening stock"),
            d.Move(MovementKind.Adjustment, 20, at, "Opening stock"),
        };

        var so1 = new SalesOrder("SO-1", acme, customer, "web", at.AddMinutes(1), ShipPolicy.ShipComplete, OrderPriority.Standard);
        var so1A = so1.AddLine(a, 3);
        so1.AddLine(c, 2);
        var so2 = new SalesOrder("SO-2", acme, customer, "web", at.AddMinutes(2), ShipPolicy.ShipPartial, OrderPriority.Standard);
        var so2B = so2.AddLine(b, 5);
        var so3 = new SalesOrder("SO-3", beta, customer, "web", at.AddMinutes(3), ShipPolicy.ShipPartial, OrderPriority.Standard);
        var so3D = so3.AddLine(d, 4);

        var context = new AllocationContext(AllocationCause.Adjustment, "Opening stock", at.AddMinutes(10));
        AllocationEngine.Allocate(a, [so1A], context, Today);
        AllocationEngine.Allocate(b, [so2B], context, Today);
        AllocationEngine.Allocate(d, [so3D], context, Today);

        var po1 = new PurchaseOrder("PO-1", nord, at);
        po1.AddLine(a, 6, new DateOnly(2026, 3, 10));
        po1.AddLine(b, 8, new DateOnly(2026, 2, 25));
        var po2 = new PurchaseOrder("PO-2", south, at);
        po2.AddLine(c, 5, new DateOnly(2026, 3, 5));
        var po3 = new PurchaseOrder("PO-3", south, at);
        po3.AddLine(c, 4, new DateOnly(2026, 3, 20));

        db.AddRange(acme, beta, nord, south, customer, a, b, c, d, e);
        db.Orders.AddRange(so1, so2, so3);
        db.PurchaseOrders.AddRange(po1, po2, po3);
        db.Ledger.AddRange(movements);
        await db.SaveChangesAsync(cancellationToken);
    }
}
