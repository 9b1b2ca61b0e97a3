using BackorderDesk.Domain;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// An in-memory warehouse for rule tests: SKUs with their books, orders placed at given times,
/// receipts, cancellations. Uses the same domain operations as the app, without a database.
/// </summary>
public sealed class WarehouseScenario
{
    public static readonly DateTime Start = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc); // a Monday

    private int _orderCounter;
    private int _scanCounter;

    public WarehouseScenario()
    {
        Client = new Client("ACME", "Acme Outdoor");
        Supplier = new Supplier("SUP", "Northwind Supply", leadTimeDays: 14);
        Now = Start;
    }

    public Client Client { get; }

    public Supplier Supplier { get; }

    public DateTime Now { get; set; }

    public DateOnly Today => DateOnly.FromDateTime(Now);

    public Dictionary<Sku, SkuBook> Books { get; } = [];

    public List<SalesOrder> Orders { get; } = [];

    public ChangeSet LastChanges { get; private set; } = new();

    /// <summary>An operation now, with the default handling days, collecting into <paramref name="changes"/>.</summary>
    public OperationContext Operation(ChangeSet changes) => new(Now, Today, EtaCalculator.DefaultHandlingWorkingDays, changes);

    public Sku AddSku(string code, SellingPolicy policy = SellingPolicy.Backorderable, int onHand = 0, DateOnly? releaseDate = null, bool withSupplier = true)
    {
        var sku = new Sku(code, $"Item {code}", Client, policy);
        if (releaseDate is not null)
        {
            sku.Describe(sku.Name, policy, releaseDate);
        }

        if (withSupplier)
        {
            sku.SetSupply(Supplier, null, 1, 1, 10m);
        }

        Books[sku] = new SkuBook(sku, [], []);
        if (onHand > 0)
        {
            Receive(sku, onHand);
        }

        return sku;
    }

    public SalesOrder Place(
        Sku sku,
        int qty,
        OrderPriority priority = OrderPriority.Standard,
        ShipPolicy shipPolicy = ShipPolicy.ShipPartial,
        string? number = null,
        TimeSpan? after = null) =>
        PlaceLines([(sku, qty)], priority, shipPolicy, number, after);

    public SalesOrder PlaceLines(
        IReadOnlyList<(Sku Sku, int Qty)> lines,
        OrderPriority priority = OrderPriority.Standard,
        ShipPolicy shipPolicy = ShipPolicy.ShipPartial,
        string? number = null,
        TimeSpan? after = null)
    {
        Now += after ?? TimeSpan.FromMinutes(1);
        var customer = new Customer($"C{++_orderCounter}", $"Customer {_orderCounter}", $"c{_orderCounter}@example.com", CustomerType.Dtc);
        var order = new SalesOrder(number ?? $"SO-{1000 + _orderCounter}", Client, customer, "web", Now, shipPolicy, priority);
        foreach (var (sku, qty) in lines)
        {
            order.AddLine(sku, qty);
        }

        LastChanges = new ChangeSet();
        WarehouseOperations.PlaceOrder(order, Books, Operation(LastChanges));
        Orders.Add(order);
        return order;
    }

    public ReceiptOutcome Receive(Sku sku, int qty, string? scanId = null)
    {
        LastChanges = new ChangeSet();
        return WarehouseOperations.Receive(Books[sku], qty, scanId ?? $"S-{++_scanCounter}", null, Operation(LastChanges));
    }

    public PurchaseOrderLine AddPurchaseOrder(Sku sku, int qty, DateOnly expected, string? number = null)
    {
        var po = new PurchaseOrder(number ?? $"PO-{Books[sku].OpenPoLines.Count + 1}", Supplier, Now);
        var line = po.AddLine(sku, qty, expected);
        Books[sku].OpenPoLines.Add(line);
        WarehouseOperations.RefreshEtas(Books[sku], $"{po.Number} placed", Operation(LastChanges = new ChangeSet()));
        return line;
    }

    public int Cancel(SalesOrder order, int lineNumber = 1, int? qty = null)
    {
        var line = order.Lines[lineNumber - 1];
        LastChanges = new ChangeSet();
        return WarehouseOperations.CancelLine(Books[line.Sku], line, qty, "agent", Operation(LastChanges));
    }

    public void Hold(SalesOrder order, int lineNumber = 1) =>
        WarehouseOperations.Hold(Books[order.Lines[lineNumber - 1].Sku], order.Lines[lineNumber - 1], "payment check", "agent", Operation(LastChanges = new ChangeSet()));

    public void Release(SalesOrder order, int lineNumber = 1) =>
        WarehouseOperations.ReleaseHold(Books[order.Lines[lineNumber - 1].Sku], order.Lines[lineNumber - 1], "agent", Operation(LastChanges = new ChangeSet()));

    public void Count(Sku sku, int counted) =>
        WarehouseOperations.Count(Books[sku], counted, "cycle count", Operation(LastChanges = new ChangeSet()));

    public void Adjust(Sku sku, int delta) =>
        WarehouseOperations.Adjust(Books[sku], delta, "damaged", Operation(LastChanges = new ChangeSet()));

    public void Ship(SalesOrder order)
    {
        WarehouseOperations.Ship(order, null, Operation(LastChanges = new ChangeSet()));
        foreach (var line in order.Lines.Where(l => l.OpenQty == 0))
        {
            Books[line.Sku].OpenLines.Remove(line);
        }
    }

    /// <summary>Every invariant of docs/rules.md that can be checked in memory; returns the violations.</summary>
    public IReadOnlyList<string> Violations(IEnumerable<StockMovement> ledger)
    {
        var problems = new List<string>();
        var onHandByLedger = ledger.GroupBy(m => m.Sku).ToDictionary(g => g.Key, g => g.Sum(m => m.Qty));
        var allLines = Orders.SelectMany(o => o.Lines).ToList();
        foreach (var (sku, book) in Books)
        {
            var lines = allLines.Where(l => l.Sku == sku).ToList();
            var ledgerOnHand = onHandByLedger.GetValueOrDefault(sku);
            if (sku.OnHand != ledgerOnHand)
            {
                problems.Add($"{sku.Code}: on hand {sku.OnHand} but ledger sums to {ledgerOnHand}");
            }

            var allocated = lines.Sum(l => l.AllocatedQty);
            if (sku.Allocated != allocated || allocated != lines.SelectMany(l => l.Allocations).Sum(a => a.LiveQty))
            {
                problems.Add($"{sku.Code}: allocated {sku.Allocated}, lines {allocated}, live allocations {lines.SelectMany(l => l.Allocations).Sum(a => a.LiveQty)}");
            }

            if (sku.Allocated > sku.OnHand || sku.OnHand < 0)
            {
                problems.Add($"{sku.Code}: allocated {sku.Allocated} exceeds on hand {sku.OnHand}");
            }

            var waiting = lines.Sum(l => l.WaitingQty);
            if (sku.Backordered != waiting)
            {
                problems.Add($"{sku.Code}: backordered {sku.Backordered} but lines wait for {waiting}");
            }

            foreach (var line in lines.Where(l => l.AllocatedQty + l.ShippedQty + l.CancelledQty > l.OrderedQty || l.AllocatedQty < 0))
            {
                problems.Add($"{line.Order.Number}/{line.LineNumber}: allocated+shipped+cancelled exceeds ordered");
            }

            if (sku.Available > 0 && sku.IsReleasedOn(Today) && lines.Any(l => l.WaitingQty > 0 && !l.OnHold))
            {
                problems.Add($"{sku.Code}: {sku.Available} available while an allocatable line waits");
            }

            if (book.OpenLines.Count != lines.Count(l => l.OpenQty > 0) && book.OpenLines.Any(l => l.OpenQty == 0 && l.AllocatedQty > 0))
            {
                problems.Add($"{sku.Code}: the book holds a closed line with allocations");
            }
        }

        return problems;
    }
}
