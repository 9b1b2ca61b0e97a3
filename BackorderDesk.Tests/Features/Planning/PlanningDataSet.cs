using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Planning;

/// <summary>
/// Hand-made demand and lead times for the planning tests, relative to <c>today</c> (window = today − 89 … today).
/// <list type="bullet">
/// <item>HOT (cost 10): 2 units on even days of the window, 4 on odd ones → d̄ 3, σd 1; value 2,700 → A.
/// An order of 1,000 the day before the window does not count.</item>
/// <item>MID (cost 5): 90 units ten days ago → d̄ 1, σd √89; value 450, 2,700 of 3,153 before it (85.6%) → B.</item>
/// <item>LOW (cost 1): 3 units today → d̄ 1/30; value 3 → C, but its own service level is 99%.</item>
/// <item>NONE (cost 2): no demand → C; a manual reorder point of 5.</item>
/// <item>Supplier SUP (quoted 14 days): two received lines, 8 and 12 days → L 10, σL 2 for every SKU.</item>
/// </list>
/// Orders are stored as placed, without allocation: every ordered unit waits. HOT: 10 on hand,
/// 1,270 backordered, IP −1,260; MID: 10 on hand, 90 backordered, IP −80; LOW IP −3; NONE IP 0.
/// </summary>
public static class PlanningDataSet
{
    public static async Task SeedAsync(WarehouseDbContext db, DateOnly today)
    {
        var client = new Client("ACME", "Acme Outdoor");
        var supplier = new Supplier("SUP", "Northwind Supply", 14);
        db.AddRange(client, supplier);
        var skus = new Dictionary<string, Sku>();
        foreach (var (code, cost) in new[] { ("HOT", 10m), ("MID", 5m), ("LOW", 1m), ("NONE", 2m) })
        {
            var sku = new Sku(code, $"Item {code}", client, SellingPolicy.Backorderable);
            sku.SetSupply(supplier, null, 1, 1, cost);
            db.Skus.Add(sku);
            skus[code] = sku;
        }

        skus["LOW"].SetServiceLevel(99m);
        skus["NONE"].SetManualPlanning(5, null);
        await db.SaveChangesAsync();

        var start = today.AddDays(-89);
        var number = 0;
        void Order(Sku sku, DateOnly day, int qty)
        {
            var customer = new Customer($"C{++number}", $"Customer {number}", $"c{number}@example.com", CustomerType.Dtc);
            var order = new SalesOrder($"SO-{number:000}", client, customer, "test", day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), ShipPolicy.ShipPartial, OrderPriority.Standard);
            order.AddLine(sku, qty);
            db.Orders.Add(order);
        }

        for (var i = 0; i < 90; i++)
        {
            Order(skus["HOT"], start.AddDays(i), i % 2 == 0 ? 2 : 4);
        }

        Order(skus["HOT"], start.AddDays(-1), 1_000);
        Order(skus["MID"], today.AddDays(-10), 90);
        Order(skus["LOW"], today, 3);

        Receive(db, supplier, skus["HOT"], "PO-A", today.AddDays(-60), 8);
        Receive(db, supplier, skus["MID"], "PO-B", today.AddDays(-60), 12);
        await db.SaveChangesAsync();
    }

    private static void Receive(WarehouseDbContext db, Supplier supplier, Sku sku, string number, DateOnly ordered, int leadDays)
    {
        var po = new PurchaseOrder(number, supplier, ordered.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc));
        var line = po.AddLine(sku, 10, ordered.AddDays(leadDays));
        db.PurchaseOrders.Add(po);
        var received = ordered.AddDays(leadDays);
        var changes = new ChangeSet();
        WarehouseOperations.Receive(new SkuBook(sku, [], [line]), 10, $"scan-{number}", line, new OperationContext(received.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc), received, EtaCalculator.DefaultHandlingWorkingDays, changes));
        db.Ledger.AddRange(changes.Movements);
    }
}
