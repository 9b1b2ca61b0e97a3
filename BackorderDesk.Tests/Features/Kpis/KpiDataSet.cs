using BackorderDesk.Data;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Kpis;

/// <summary>
/// A small warehouse built through the domain operations, whose KPIs are worked out by hand for the
/// period 2–8 November 2026 (UTC; 2 Nov is a Monday) and now = <see cref="Now"/> (Tue 10 Nov 12:00 UTC).
/// Supplier lead time 14 days, SKU C 1 day; no lateness history, so an unconfirmed ETA is
/// (placed day + lead time) + 1 working day, and an in-stock promise is the next working day.
/// <code>
/// ACME: A (10 on hand from 31 Oct), B and C (none on hand).  BETA: Z (none on hand).
///
/// O0 ACME Sun 1 Nov 10:00  B×2 waits (first ETA Mon 16 Nov, promised 16 Nov)      before the period
/// O1 ACME Mon 2 Nov 10:00  A×3 allocated (promised Tue 3 Nov)
/// O2 ACME Mon 2 Nov 11:00  A×2 allocated, B×1 waits                                backordered
/// O3 ACME Tue 3 Nov 10:00  B×4 waits, C×1 waits (first ETA Thu 5 Nov)              backordered
///    Tue 3 Nov 23:30  O1 ships complete (on its promised day)
/// O4 ACME Wed 4 Nov 10:00  A×2 allocated (promised Thu 5 Nov)
///    Wed 4 Nov 12:00  receipt B×3: O0 line filled (waited 74 h), O2 line B filled (waited 49 h)
/// O5 ACME Thu 5 Nov 10:00  A×2 allocated (promised Fri 6 Nov)
///    Thu 5 Nov 11:00  O5 cancels 1 A;  12:00 O5 ships 1 A (complete, with a cancellation)
///    Fri 6 Nov 09:00  receipt C×1: O3 line C filled (waited 71 h)
///    Fri 6 Nov 10:00  O4 ships complete (a day late);  10:30 O3 cancels 1 waiting B
/// O6 BETA Fri 6 Nov 12:00  Z×2 waits                                               backordered
///    Sat 7 Nov 10:00  O3 ships its C line (after its first ETA of 5 Nov)
///    Sun 8 Nov 10:00  O0 ships complete (before its first ETA and promise of 16 Nov)
/// O7 ACME Mon 9 Nov 10:00  B×1 waits                                                after the period
/// </code>
/// </summary>
public static class KpiDataSet
{
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly From = new(2026, 11, 2);

    public static readonly DateOnly To = new(2026, 11, 8);

    public static async Task SeedAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var world = new World();
        var acme = new Client("ACME", "Acme Outdoor");
        var beta = new Client("BETA", "Beta Bikes");
        var supplier = new Supplier("SUP", "Northwind Supply", leadTimeDays: 14);
        var a = world.Sku("A", acme, supplier);
        var b = world.Sku("B", acme, supplier);
        var c = world.Sku("C", acme, supplier, leadTimeDays: 1);
        var z = world.Sku("Z", beta, supplier);

        world.Receive(a, 10, At(10, 31, 8));
        var o0 = world.Place("O0", acme, At(11, 1, 10), (b, 2));
        var o1 = world.Place("O1", acme, At(11, 2, 10), (a, 3));
        world.Place("O2", acme, At(11, 2, 11), (a, 2), (b, 1));
        var o3 = world.Place("O3", acme, At(11, 3, 10), (b, 4), (c, 1));
        world.Ship(o1, At(11, 3, 23, 30));
        var o4 = world.Place("O4", acme, At(11, 4, 10), (a, 2));
        world.Receive(b, 3, At(11, 4, 12));
        var o5 = world.Place("O5", acme, At(11, 5, 10), (a, 2));
        world.Cancel(o5, 1, 1, At(11, 5, 11));
        world.Ship(o5, At(11, 5, 12));
        world.Receive(c, 1, At(11, 6, 9));
        world.Ship(o4, At(11, 6, 10));
        world.Cancel(o3, 1, 1, At(11, 6, 10, 30));
        world.Place("O6", beta, At(11, 6, 12), (z, 2));
        world.Ship(o3, At(11, 7, 10));
        world.Ship(o0, At(11, 8, 10));
        world.Place("O7", acme, At(11, 9, 10), (b, 1));

        db.AddRange(acme, beta, supplier);
        db.Skus.AddRange(world.Books.Keys);
        db.Orders.AddRange(world.Orders);
        db.Ledger.AddRange(world.Changes.Movements);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static DateTime At(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>The domain operations in memory, each at a given instant, as the write path runs them.</summary>
    private sealed class World
    {
        public Dictionary<Sku, SkuBook> Books { get; } = [];

        public List<SalesOrder> Orders { get; } = [];

        public ChangeSet Changes { get; } = new();

        private OperationContext Op(DateTime at) => new(at, DateOnly.FromDateTime(at), EtaCalculator.DefaultHandlingWorkingDays, Changes);

        public Sku Sku(string code, Client client, Supplier supplier, int? leadTimeDays = null)
        {
            var sku = new Sku(code, $"Item {code}", client, SellingPolicy.Backorderable);
            sku.SetSupply(supplier, leadTimeDays, 1, 1, 10m);
            Books[sku] = new SkuBook(sku, [], []);
            return sku;
        }

        public SalesOrder Place(string number, Client client, DateTime at, params (Sku Sku, int Qty)[] lines)
        {
            var customer = new Customer("C-" + number, "Customer " + number, number.ToLowerInvariant() + "@example.com", CustomerType.Dtc);
            var order = new SalesOrder(number, client, customer, "web", at, ShipPolicy.ShipPartial, OrderPriority.Standard);
            foreach (var (sku, qty) in lines)
            {
                order.AddLine(sku, qty);
            }

            WarehouseOperations.PlaceOrder(order, Books, Op(at));
            Orders.Add(order);
            return order;
        }

        public void Receive(Sku sku, int qty, DateTime at) =>
            WarehouseOperations.Receive(Books[sku], qty, $"S-{sku.Code}-{at:MMddHH}", null, Op(at));

        public void Cancel(SalesOrder order, int lineNumber, int qty, DateTime at)
        {
            var line = order.Lines[lineNumber - 1];
            WarehouseOperations.CancelLine(Books[line.Sku], line, qty, "agent", Op(at));
        }

        public void Ship(SalesOrder order, DateTime at)
        {
            WarehouseOperations.Ship(order, null, Op(at));
            foreach (var line in order.Lines.Where(l => l.OpenQty == 0))
            {
                Books[line.Sku].OpenLines.Remove(line);
            }
        }
    }
}
