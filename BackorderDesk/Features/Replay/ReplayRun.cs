using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Adjustments;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Replay;

/// <summary>What a replay did besides what the database keeps, and the state of its queues day by day.</summary>
public sealed class ReplayLog
{
    public int OrdersSent { get; set; }

    /// <summary>Orders the product refused (a StopSelling SKU out of stock, a Discontinued SKU).</summary>
    public int OrdersRefused { get; set; }

    public int PurchaseOrders { get; set; }

    public int Trucks { get; set; }

    public int SlipsAnnounced { get; set; }

    public int Shipments { get; set; }

    public int CustomerCancellations { get; set; }

    public List<ReplayDay> Days { get; } = [];

    /// <summary>Where the replay's time went, per kind of work (wall clock).</summary>
    public Dictionary<string, TimeSpan> TimeSpent { get; } = [];

    internal async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            TimeSpent[stage] = TimeSpent.GetValueOrDefault(stage) + System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }

    internal Task TimeAsync(string stage, Func<Task> work) => TimeAsync(stage, async () => { await work(); return true; });
}

/// <summary>The end of one simulated day: lines waiting, of them rolling backorders, and units waiting.</summary>
public sealed record ReplayDay(DateOnly Day, bool Scored, int WaitingLines, int RollingBackorders, int WaitingUnits, int OrdersPlaced);

/// <summary>A truck a supplier will send: when, and the date it announces first, if it does.</summary>
internal sealed record Truck(string PurchaseOrder, DateOnly Arrives, List<(string Sku, int Qty, DateOnly Expected)> Lines, DateOnly? NoticeOn, DateOnly? AnnouncedDate);

/// <summary>
/// Plays a <see cref="WarehouseSimulation"/> day by day through the services the API uses, on the
/// simulated clock: at 00:05 the daily rules (preorder releases, ETAs re-dated as days pass), at 02:00 the nightly planning run, at 07:00 the
/// suppliers' delay notices, at 08:00 the trucks of the day (the dock receives every day), at 09:00
/// on working days the shipments of everything allocated before today, orders all day, at 17:00 the customers who give up and the purchase
/// orders the reorder suggestions ask for. Nothing is written around the services.
/// </summary>
public sealed class ReplayRun(IServiceProvider services, SimulatedClock clock, WarehouseSimulation simulation, int seed, IProgress<string>? progress = null)
{
    private static readonly DeskActor Planner = new("replay-planner", "Planner (replay)");
    private static readonly DeskActor Customer = new("replay-customer", "Customer (replay)");

    private readonly Random _demand = new(seed);
    private readonly Random _suppliers = new(unchecked((seed * 7919) + 17));
    private readonly List<Truck> _trucks = [];
    private readonly Dictionary<string, SimulatedCustomer> _customers = simulation.Customers.ToDictionary(c => c.Code);
    private readonly Dictionary<string, SupplierBehaviour> _behaviour = simulation.Suppliers.ToDictionary(s => s.Code);
    private readonly Dictionary<string, string> _skuSupplier = simulation.Skus.ToDictionary(s => s.Code, s => s.Supplier);
    private int _orderNumber;

    /// <summary>The orders of this long a part of the day go to the writer together.</summary>
    public static readonly TimeSpan OrderSlot = TimeSpan.FromHours(2);

    /// <summary>Days of supplier deliveries before the first day.</summary>
    public const int SupplierHistoryDays = 365;

    /// <summary>The day the product's computed reorder points replace the planner's: the demand window is full.</summary>
    public const int PlannerReorderPointDays = 90;

    public ReplayLog Log { get; } = new();

    /// <summary>The first day whose orders are scored; the days before it build history.</summary>
    public DateOnly ScoredFrom { get; private set; }

    public async Task RunAsync(int warmupDays, CancellationToken cancellationToken)
    {
        ScoredFrom = simulation.FirstDay.AddDays(warmupDays);
        clock.MoveTo(simulation.FirstDay.AddDays(-SupplierHistoryDays), new TimeOnly(0, 0));
        await Log.TimeAsync("catalog", () => CreateCatalogAsync(cancellationToken));
        await Log.TimeAsync("supplier history", () => SupplierHistoryAsync(cancellationToken));
        clock.MoveTo(simulation.FirstDay, new TimeOnly(0, 0));
        await Log.TimeAsync("catalog", () => OpenAsync(cancellationToken));
        await Log.TimeAsync("planning", () => PlanAsync(cancellationToken));
        for (var d = 0; d < simulation.Days; d++)
        {
            var day = simulation.FirstDay.AddDays(d);
            if (d == PlannerReorderPointDays)
            {
                await Log.TimeAsync("catalog", () => HandPlanningToTheProductAsync(cancellationToken));
            }

            await RunDayAsync(day, cancellationToken);
            if ((d + 1) % 10 == 0 || d + 1 == simulation.Days)
            {
                var last = Log.Days[^1];
                progress?.Report($"day {d + 1,3} of {simulation.Days} ({day:yyyy-MM-dd}{(day < ScoredFrom ? ", history" : "")}): {Log.OrdersSent:N0} orders, {last.WaitingLines:N0} lines waiting, {Log.Trucks:N0} trucks");
            }
        }
    }

    /// <summary>
    /// Clients, suppliers and SKUs. Each SKU starts with the planner's own reorder point and safety
    /// stock from the forecast behind it: a new warehouse has no demand history for the product to
    /// compute them from (the demand window is 90 days; a day without orders counts as zero).
    /// </summary>
    private async Task CreateCatalogAsync(CancellationToken ct)
    {
        var createClient = services.GetRequiredService<CreateClient>();
        foreach (var client in simulation.Clients)
        {
            await createClient.HandleAsync(new ClientRequest(client.Code, client.Name), ct);
        }

        var createSupplier = services.GetRequiredService<CreateSupplier>();
        foreach (var supplier in simulation.Suppliers)
        {
            await createSupplier.HandleAsync(new SupplierRequest(supplier.Code, supplier.Name, supplier.LeadTimeDays, $"orders@{supplier.Code.ToLowerInvariant()}.example"), ct);
        }

        var saveSku = services.GetRequiredService<SaveSku>();
        await Task.WhenAll(simulation.Skus.Select(sku => saveSku.CreateAsync(SkuRequestOf(sku, withPlannerNumbers: true), Planner, ct)));
    }

    /// <summary>
    /// A year of the suppliers' deliveries before the first day: a purchase order every two weeks per supplier,
    /// each received when its truck comes. The product learns each supplier's lateness from them, as
    /// it would from a warehouse's real history; their units are counted away at the opening count.
    /// </summary>
    private async Task SupplierHistoryAsync(CancellationToken ct)
    {
        var first = simulation.FirstDay.AddDays(-SupplierHistoryDays);
        var events = new List<(DateTime At, Func<Task> Run)>();
        var place = services.GetRequiredService<PlacePurchaseOrder>();
        var receive = services.GetRequiredService<ReceiveScan>();
        foreach (var supplier in simulation.Suppliers)
        {
            var skus = simulation.Skus.Where(s => s.Supplier == supplier.Code && s.Policy != SellingPolicy.Preorder).ToList();
            if (skus.Count == 0)
            {
                continue;
            }

            for (var week = 0; week * 7 < SupplierHistoryDays - supplier.LeadTimeDays - SupplierBehaviour.MaxDelayDays; week += 2)
            {
                var placed = first.AddDays(week * 7).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc);
                var sku = skus[_suppliers.Next(skus.Count)];
                var number = $"PO-H{week + 1:00}-{supplier.Code}";
                var expected = DateOnly.FromDateTime(placed).AddDays(supplier.LeadTimeDays);
                var arrives = expected.AddDays(supplier.SampleDelay(_suppliers)).ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
                events.Add((placed, () => place.HandleAsync(new PurchaseOrderRequest(number, supplier.Code, [new PurchaseOrderLineRequest(sku.Code, sku.CasePack, expected)]), Planner, ct)));
                events.Add((arrives, () => receive.HandleAsync(new ReceiptRequest($"{number}/{sku.Code}", null, sku.Code, sku.CasePack, number), ct)));
            }
        }

        foreach (var (at, run) in events.OrderBy(e => e.At))
        {
            clock.MoveTo(new DateTimeOffset(at, TimeSpan.Zero));
            await run();
        }
    }

    /// <summary>The opening count of every SKU, and the purchase orders for the preorders' releases.</summary>
    private async Task OpenAsync(CancellationToken ct)
    {
        var adjust = services.GetRequiredService<AdjustStock>();
        await Task.WhenAll(simulation.Skus.Select(sku => adjust.HandleAsync(new AdjustmentRequest(sku.Code, null, sku.OpeningStock, "opening count"), Planner, ct)));

        // Preorders: the stock for the release is ordered ahead, due a few days before the release date.
        var place = services.GetRequiredService<PlacePurchaseOrder>();
        foreach (var group in simulation.Skus.Where(s => s.Policy == SellingPolicy.Preorder).GroupBy(s => s.Supplier))
        {
            var number = $"PO-PRE-{group.Key}";
            var lines = group.Select(s => new PurchaseOrderLineRequest(s.Code, RoundUp((int)Math.Ceiling(s.MeanDailyUnits * 45) + 1, s.CasePack), s.ReleaseDate!.Value.AddDays(-5))).ToList();
            await place.HandleAsync(new PurchaseOrderRequest(number, group.Key, lines), Planner, ct);
            Schedule(number, lines.Select(l => (l.Sku!, l.Qty!.Value, l.ExpectedDate!.Value)).ToList());
        }
    }

    /// <summary>Once the demand window is full of the warehouse's own orders, the computed reorder points take over.</summary>
    private async Task HandPlanningToTheProductAsync(CancellationToken ct)
    {
        var saveSku = services.GetRequiredService<SaveSku>();
        await Task.WhenAll(simulation.Skus.Select(sku => saveSku.UpsertAsync(sku.Code, SkuRequestOf(sku, withPlannerNumbers: false), Planner, ct)));
    }

    private SkuRequest SkuRequestOf(SimulatedSku sku, bool withPlannerNumbers)
    {
        // The planner's numbers: lead-time demand plus a 95% safety stock of Poisson demand.
        var lead = simulation.SupplierOf(sku).LeadTimeDays;
        var safety = (int)Math.Ceiling(1.645 * Math.Sqrt(sku.MeanDailyUnits * lead * Math.Max(1, sku.CasePack)));
        var reorderPoint = (int)Math.Ceiling(sku.MeanDailyUnits * lead) + safety;
        return new SkuRequest(
            sku.Code, sku.Name, sku.Client, [], sku.Policy.ToString(), sku.ReleaseDate, sku.Supplier, null,
            withPlannerNumbers ? reorderPoint : null,
            withPlannerNumbers ? safety : null,
            sku.Moq, sku.CasePack, sku.UnitCost);
    }

    private async Task RunDayAsync(DateOnly day, CancellationToken ct)
    {
        var working = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        clock.MoveTo(day, new TimeOnly(0, 5));
        await Log.TimeAsync("daily rules", () => services.GetRequiredService<DailyRules>().RunAsync(ct));

        clock.MoveTo(day, new TimeOnly(2, 0));
        await Log.TimeAsync("planning", () => PlanAsync(ct));

        clock.MoveTo(day, new TimeOnly(7, 0));
        await Log.TimeAsync("supplier notices", () => AnnounceSlipsAsync(day, ct));

        var orders = simulation.OrdersOn(day, _demand);
        var blocks = new List<(TimeOnly At, Func<Task> Run)>
        {
            // The dock receives every day; the packing bench ships on working days.
            (new TimeOnly(8, 0), () => Log.TimeAsync("receipts", () => ReceiveTrucksAsync(day, ct))),
        };
        if (working)
        {
            blocks.Add((new TimeOnly(9, 0), () => Log.TimeAsync("shipments", () => ShipAsync(day, ct))));
        }

        blocks.Add((new TimeOnly(17, 0), () => Log.TimeAsync("customer cancellations", () => CustomersGiveUpAsync(ct))));
        if (working)
        {
            blocks.Add((new TimeOnly(17, 30), () => Log.TimeAsync("purchase orders", () => OrderSuggestedAsync(ct))));
        }

        // Orders arrive in slots of OrderSlot, each with its own placed-at time, and go to the writer
        // together at the slot's last order: the writer commits a slot in few transactions, in order,
        // as it does a burst of orders from a busy webshop.
        var placed = 0;
        var next = 0;
        foreach (var slot in orders.GroupBy(o => o.PlacedAt.Ticks / OrderSlot.Ticks))
        {
            var slotStart = new DateTime(slot.Key * OrderSlot.Ticks, DateTimeKind.Utc);
            while (next < blocks.Count && day.ToDateTime(blocks[next].At) <= slotStart)
            {
                clock.MoveTo(day, blocks[next].At);
                await blocks[next++].Run();
            }

            clock.MoveTo(new DateTimeOffset(slot.Max(o => o.PlacedAt), TimeSpan.Zero));
            var outcomes = await Log.TimeAsync("orders", () => Task.WhenAll(slot.Select(o => PlaceAsync(o, ct))));
            placed += outcomes.Count(ok => ok);
        }

        for (; next < blocks.Count; next++)
        {
            clock.MoveTo(day, blocks[next].At);
            await blocks[next].Run();
        }

        clock.MoveTo(day, new TimeOnly(23, 59));
        await Log.TimeAsync("snapshots", () => SnapshotAsync(day, placed, ct));
    }

    private async Task PlanAsync(CancellationToken ct) =>
        await services.GetRequiredService<RecomputePlanning>().HandleAsync(null, null, ct);

    private async Task<bool> PlaceAsync(SimulatedOrder order, CancellationToken ct)
    {
        Log.OrdersSent++;
        var number = $"R{++_orderNumber:000000}";
        var request = order.ToRequest(number, new DateTimeOffset(order.PlacedAt, TimeSpan.Zero));
        try
        {
            await services.GetRequiredService<PlaceOrder>().PlaceAsync(request, ct);
            return true;
        }
        catch (DomainException)
        {
            // The product refused it (a StopSelling SKU out of stock): the shop shows "sold out".
            Log.OrdersRefused++;
            return false;
        }
    }

    private async Task AnnounceSlipsAsync(DateOnly day, CancellationToken ct)
    {
        var move = services.GetRequiredService<MoveExpectedDate>();
        foreach (var truck in _trucks.Where(t => t.NoticeOn == day).ToList())
        {
            foreach (var (sku, _, _) in truck.Lines)
            {
                await move.HandleAsync(truck.PurchaseOrder, sku, new ExpectedDateRequest(truck.AnnouncedDate, "supplier notice: the truck is delayed"), Planner, ct);
            }

            Log.SlipsAnnounced++;
        }
    }

    private async Task ReceiveTrucksAsync(DateOnly day, CancellationToken ct)
    {
        var receive = services.GetRequiredService<ReceiveScan>();
        var scans = new List<Task>();
        foreach (var truck in _trucks.Where(t => t.Arrives <= day).ToList())
        {
            // A truck's lines are scanned one after another, each its own scan with its own allocation.
            scans.AddRange(truck.Lines.Select(l => receive.HandleAsync(new ReceiptRequest($"{truck.PurchaseOrder}/{l.Sku}", null, l.Sku, l.Qty, truck.PurchaseOrder), ct)));
            _trucks.Remove(truck);
            Log.Trucks++;
        }

        await Task.WhenAll(scans);
    }

    /// <summary>Ships what was allocated before today: the receipt-to-ship handling day every ETA counts on.</summary>
    private async Task ShipAsync(DateOnly day, CancellationToken ct)
    {
        var todayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        List<(string Order, ShipPolicy Policy, int Line, int Ready, int Allocated, int Open)> lines;
        await using (var db = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(ct))
        {
            var rows = await db.OrderLines.AsNoTracking()
                .Where(l => l.Order.Lines.Any(x => x.AllocatedQty > 0))
                .Select(l => new
                {
                    l.Order.Number,
                    l.Order.ShipPolicy,
                    l.LineNumber,
                    Ready = l.Allocations.Where(a => a.At < todayStart).Sum(a => a.LiveQty),
                    l.AllocatedQty,
                    l.OpenQty,
                })
                .ToListAsync(ct);
            lines = rows.Select(r => (r.Number, r.ShipPolicy, r.LineNumber, r.Ready, r.AllocatedQty, r.OpenQty)).ToList();
        }

        var ship = services.GetRequiredService<ShipOrder>();
        var shipments = new List<Task>();
        foreach (var order in lines.GroupBy(l => l.Order).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ready = order.Where(l => l.Ready > 0).ToList();
            if (ready.Count == 0)
            {
                continue;
            }

            // A ShipComplete order leaves only when every open line is allocated, and all of it before today.
            if (order.First().Policy == ShipPolicy.ShipComplete && order.Any(l => l.Open > 0 && l.Ready < l.Open))
            {
                continue;
            }

            // Sent together, in order: the writer commits them in few transactions, as it would a busy packing bench's.
            shipments.Add(ship.ShipAsync(new ShipmentRequest(order.Key, ready.Select(l => (ShipmentLineInput?)new ShipmentLineInput(l.Line, l.Ready)).ToList()), ct));
            Log.Shipments++;
        }

        await Task.WhenAll(shipments);
    }

    /// <summary>Customers with a tolerance cancel what still waits once it has waited longer.</summary>
    private async Task CustomersGiveUpAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(string Order, int Line, string Customer, DateTime Since, int Waiting)> waiting;
        await using (var db = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(ct))
        {
            var rows = await db.OrderLines.AsNoTracking()
                .Where(l => l.WaitingQty > 0 && l.BackorderedAt != null)
                .Select(l => new { l.Order.Number, l.LineNumber, Customer = l.Order.Customer.Code, l.BackorderedAt, l.WaitingQty })
                .ToListAsync(ct);
            waiting = rows.Select(r => (r.Number, r.LineNumber, r.Customer, r.BackorderedAt!.Value, r.WaitingQty)).ToList();
        }

        var cancel = services.GetRequiredService<CancelLine>();
        var cancellations = new List<Task>();
        foreach (var line in waiting)
        {
            if (_customers.GetValueOrDefault(line.Customer)?.ToleranceDays is { } tolerance && line.Since.AddDays(tolerance) <= now)
            {
                cancellations.Add(cancel.HandleAsync(line.Order, line.Line, new CancelLineRequest(line.Waiting), Customer, ct));
                Log.CustomerCancellations++;
            }
        }

        await Task.WhenAll(cancellations);
    }

    /// <summary>The planner orders what the reorder suggestions ask for, a purchase order per supplier.</summary>
    private async Task OrderSuggestedAsync(CancellationToken ct)
    {
        var suggest = services.GetRequiredService<SuggestPurchaseOrders>();
        foreach (var supplier in await suggest.HandleAsync(null, null, ct))
        {
            var number = await suggest.CreateAsync(supplier.Supplier, supplier.Lines.Select(l => new SuggestedOrderLine(l.Sku, l.SuggestedQty)).ToList(), Planner, ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(ct);
            var lines = await db.PurchaseOrderLines.AsNoTracking()
                .Where(p => p.PurchaseOrder.Number == number)
                .Select(p => new { p.Sku.Code, p.Qty, p.ExpectedDate })
                .ToListAsync(ct);
            Schedule(number, lines.Select(l => (l.Code, l.Qty, l.ExpectedDate)).ToList());
            Log.PurchaseOrders++;
        }
    }

    /// <summary>Decides when the supplier's truck for a new purchase order comes, and whether it warns first.</summary>
    private void Schedule(string number, List<(string Sku, int Qty, DateOnly Expected)> lines)
    {
        var behaviour = _behaviour[_skuSupplier[lines[0].Sku]];
        var expected = lines.Min(l => l.Expected);
        var delay = behaviour.SampleDelay(_suppliers);
        var arrives = expected.AddDays(delay);

        DateOnly? noticeOn = null, announced = null;
        if (delay >= 3 && _suppliers.NextDouble() < behaviour.AnnouncesSlips)
        {
            // The supplier warns a few days ahead, and its new date is itself often a little early.
            noticeOn = expected.AddDays(-_suppliers.Next(1, 6));
            announced = expected.AddDays(Math.Max(1, delay - _suppliers.Next(0, 3)));
        }

        _trucks.Add(new Truck(number, arrives, lines, noticeOn, announced));
    }

    private async Task SnapshotAsync(DateOnly day, int placed, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(ct);
        var waiting = await db.OrderLines.AsNoTracking()
            .Where(l => l.WaitingQty > 0)
            .GroupBy(_ => 1)
            .Select(g => new { Lines = g.Count(), Rolling = g.Count(l => l.EtaSlips >= 2), Units = g.Sum(l => l.WaitingQty) })
            .FirstOrDefaultAsync(ct);
        Log.Days.Add(new ReplayDay(day, day >= ScoredFrom, waiting?.Lines ?? 0, waiting?.Rolling ?? 0, waiting?.Units ?? 0, placed));
    }

    private static int RoundUp(int qty, int casePack) => (qty + casePack - 1) / casePack * casePack;
}
