using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Backorders;

/// <summary>
/// Waiting lines worked out by hand, for now = Monday 2 March 2026 09:00 UTC (MudBunitContext.Start).
/// <code>
/// line    client customer priority   policy        SKU  ordered alloc waiting backordered at  age  ETA                         flags
/// SO-3/1  BETA   Ada      Expedite   ShipPartial   C    4       0     4       Jan 20 09:00    41   none (unconfirmed)          on hold
/// SO-1/1  ACME   Ada      Standard   ShipPartial   A    3       0     3       Feb 1 08:00     29   Mar 10 – Mar 14 confirmed
/// SO-2/1  ACME   Bob      KeyAccount ShipComplete  B    5       2     3       Feb 20 09:00    10   Mar 12 – Mar 16 unconfirmed rolling (2 slips)
/// SO-6/1  ACME   Ada      Standard   ShipPartial   B    1       0     1       Feb 22 09:00    8    none (unconfirmed)
/// SO-4/1  ACME   Bob      Standard   ShipPartial   A    2       0     2       Feb 28 09:00    2    Mar 10 – Mar 14 unconfirmed
/// SO-5/1  ACME   Bob      Standard   ShipPartial   B    1       cancelled: not waiting
/// </code>
/// SO-2/1's 2 units came from receipt scan R-104 on Feb 21 10:15 (cross-dock), ahead of SO-6/1
/// because KeyAccount is served before Standard.
/// </summary>
public static class BackordersDataSet
{
    public static async Task SeedAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var acme = new Client("ACME", "Acme Outdoor");
        var beta = new Client("BETA", "Beta Bikes");
        var ada = new Customer("C-1", "Ada Lovelace", "ada@example.com", CustomerType.Dtc);
        var bob = new Customer("C-2", "Bob Builder", "bob@example.com", CustomerType.B2b);
        var a = new Sku("A", "Rain jacket", acme, SellingPolicy.Backorderable);
        var b = new Sku("B", "Fleece", acme, SellingPolicy.Backorderable);
        var c = new Sku("C", "Bike lock", beta, SellingPolicy.Backorderable);

        var so1 = Order("SO-1", acme, ada, new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc), OrderPriority.Standard);
        var so1A = so1.AddLine(a, 3);
        var so2 = Order("SO-2", acme, bob, new DateTime(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc), OrderPriority.KeyAccount, ShipPolicy.ShipComplete);
        var so2B = so2.AddLine(b, 5);
        var so3 = Order("SO-3", beta, ada, new DateTime(2026, 1, 20, 9, 0, 0, DateTimeKind.Utc), OrderPriority.Expedite);
        var so3C = so3.AddLine(c, 4);
        var so4 = Order("SO-4", acme, bob, new DateTime(2026, 2, 28, 9, 0, 0, DateTimeKind.Utc), OrderPriority.Standard);
        var so4A = so4.AddLine(a, 2);
        var so5 = Order("SO-5", acme, bob, new DateTime(2026, 2, 21, 9, 0, 0, DateTimeKind.Utc), OrderPriority.Standard);
        var so5B = so5.AddLine(b, 1);
        var so6 = Order("SO-6", acme, ada, new DateTime(2026, 2, 22, 9, 0, 0, DateTimeKind.Utc), OrderPriority.Standard);
        var so6B = so6.AddLine(b, 1);

        foreach (var line in new[] { so1A, so2B, so3C, so4A, so6B })
        {
            line.MarkBackorderedIfWaiting(line.Order.PlacedAt);
        }

        so5B.Cancel(1);
        so3C.Hold("payment check");
        so1A.SetEta(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 14), true, so1.PlacedAt, "PO-1");
        so4A.SetEta(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 14), false, so4.PlacedAt, "lead time");
        so2B.SetEta(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3), true, so2.PlacedAt, "PO-2");
        so2B.SetEta(new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 8), true, so2.PlacedAt.AddDays(3), "PO-2 moved");
        so2B.SetEta(new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16), false, so2.PlacedAt.AddDays(6), "PO-2 cancelled");

        var receivedAt = new DateTime(2026, 2, 21, 10, 15, 0, DateTimeKind.Utc);
        var receipt = b.Move(MovementKind.Receipt, 2, receivedAt, "Receipt R-104");
        AllocationEngine.Allocate(b, [so2B, so6B], new AllocationContext(AllocationCause.Receipt, "R-104", receivedAt, CrossDock: true), new DateOnly(2026, 2, 21));

        db.AddRange(acme, beta, ada, bob, a, b, c);
        db.Orders.AddRange(so1, so2, so3, so4, so5, so6);
        db.Ledger.Add(receipt);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static SalesOrder Order(string number, Client client, Customer customer, DateTime placedAt, OrderPriority priority, ShipPolicy policy = ShipPolicy.ShipPartial) =>
        new(number, client, customer, "web", placedAt, policy, priority);
}
