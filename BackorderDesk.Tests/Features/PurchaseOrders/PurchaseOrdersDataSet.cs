using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.PurchaseOrders;

/// <summary>
/// Purchase orders worked out by hand, for today = Monday 2 March 2026 (MudBunitContext.Start).
/// <code>
/// PO    supplier ordered  line  qty  expected (first)   received                 open  state
/// PO-1  NORTH    Feb 1    A     10   Feb 10             10 on Feb 12 (+2 days)   0     lead time 11 days
///                         B      4   Feb 10             4 on Feb 9 (−1: on time) 0     lead time 8 days
/// PO-2  NORTH    Feb 15   A      6   Feb 25             2 on Feb 26              4     late
/// PO-3  NORTH    Feb 20   B      5   Mar 20 (Mar 10)    0                        5     moved once
/// PO-4  SOUTH    Feb 2    C      8   Feb 12             8 on Feb 20 (+8 days)    0     lead time 18 days
/// </code>
/// SKUs: A (ACME, NORTH, unit cost 2.50), B (ACME, NORTH, 10.00, 3 units backordered), C (BETA, SOUTH, 1.00).
/// NORTH: 2 receipts, 1 on time (50 %); lateness 2 and 0 days: mean 1, σ 1, P50 0, P90 2; lead times
/// 11 and 8: mean 9.5, σ 1.5; open 4 + 5 = 9 units on 2 lines (1 late) worth 4 · 2.50 + 5 · 10.00 = 60.00.
/// SOUTH: 1 receipt, late by 8 days (0 %); lead time 18; nothing open.
/// </summary>
public static class PurchaseOrdersDataSet
{
    public static async Task SeedAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var acme = new Client("ACME", "Acme Outdoor");
        var beta = new Client("BETA", "Beta Bikes");
        var north = new Supplier("NORTH", "Northwind Supply", 10, "orders@northwind.example");
        var south = new Supplier("SOUTH", "Southwind", 5);
        var a = Sku("A", "Rain jacket", acme, north, 2.50m);
        var b = Sku("B", "Fleece", acme, north, 10m);
        var c = Sku("C", "Bike lock", beta, south, 1m);
        b.AddBackordered(3);

        var po1 = new PurchaseOrder("PO-1", north, At(2, 1));
        po1.AddLine(a, 10, Day(2, 10)).Receive(10, At(2, 12));
        po1.AddLine(b, 4, Day(2, 10)).Receive(4, At(2, 9));
        var po2 = new PurchaseOrder("PO-2", north, At(2, 15));
        po2.AddLine(a, 6, Day(2, 25)).Receive(2, At(2, 26));
        var po3 = new PurchaseOrder("PO-3", north, At(2, 20));
        po3.AddLine(b, 5, Day(3, 10)).ChangeExpectedDate(Day(3, 20), At(2, 25), "factory closed");
        var po4 = new PurchaseOrder("PO-4", south, At(2, 2));
        po4.AddLine(c, 8, Day(2, 12)).Receive(8, At(2, 20));
        north.SetLatenessFrom([2, -1]);
        south.SetLatenessFrom([8]);

        db.AddRange(acme, beta, north, south, a, b, c, po1, po2, po3, po4);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Sku Sku(string code, string name, Client client, Supplier supplier, decimal unitCost)
    {
        var sku = new Sku(code, name, client, SellingPolicy.Backorderable);
        sku.SetSupply(supplier, null, 1, 1, unitCost);
        return sku;
    }

    private static DateTime At(int month, int day) => new(2026, month, day, 10, 0, 0, DateTimeKind.Utc);

    private static DateOnly Day(int month, int day) => new(2026, month, day);
}
