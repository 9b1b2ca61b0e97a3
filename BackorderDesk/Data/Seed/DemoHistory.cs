using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BackorderDesk.Domain;

namespace BackorderDesk.Data.Seed;

/// <summary>
/// Plays the history window day by day through <see cref="WarehouseOperations"/>: orders, the
/// planner's purchase orders, supplier delay notices, receipts (cross-docked to waiting lines),
/// shipments, holds, cancellations, adjustments, counts, preorder releases and discontinued SKUs.
/// Every cached column, allocation, ETA and timeline entry is therefore made by the domain's own
/// rules, in memory; <see cref="DemoSeeder"/> writes the result.
/// </summary>
internal sealed class DemoHistory
{
    private const double ServiceZ = 1.645;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    private readonly DemoCatalog _catalog;
    private readonly EntityKeys _keys;
    private readonly Random _random;
    private readonly int _handlingDays;
    private readonly ILogger _logger;
    private readonly Dictionary<Sku, SkuBook> _books;
    private readonly Dictionary<DateOnly, List<(DateTime At, long Seq, Action<DateTime> Run)>> _later = [];
    private readonly PriorityQueue<Action<DateTime>, (DateTime At, long Seq)> _todayQueue = new();
    private readonly SortedDictionary<long, SalesOrder> _awaitingShipment = [];
    private readonly List<SalesOrder> _recentBackorders = [];
    private readonly Dictionary<Supplier, List<int>> _receiptDelays = [];
    private readonly DateTime _end;
    private long _seq;
    private int _scans;
    private DateOnly _today;

    public DemoHistory(DemoCatalog catalog, EntityKeys keys, Random random, DateOnly today, int handlingDays, ILogger logger)
    {
        _catalog = catalog;
        _keys = keys;
        _random = random;
        _handlingDays = handlingDays;
        _logger = logger;
        _end = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _books = catalog.Skus.ToDictionary(s => s.Sku, s => new SkuBook(s.Sku, [], []));
        foreach (var supplier in catalog.Suppliers)
        {
            _receiptDelays[supplier.Supplier] = [];
        }
    }

    public List<SalesOrder> Orders { get; } = [];

    public List<PurchaseOrder> PurchaseOrders { get; } = [];

    public List<StockMovement> Ledger { get; } = [];

    public List<ReceiptScan> Scans { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Plays every day from <paramref name="firstDay"/> up to (not including) today, then today's nightly refresh.</summary>
    public void Play(DateOnly firstDay, IReadOnlyList<List<OrderRequest>> demand, CancellationToken cancellationToken)
    {
        var total = demand.Sum(d => d.Count);
        var placed = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;

        OpenStock(firstDay);
        var today = DateOnly.FromDateTime(_end);
        for (var (day, index) = (firstDay, 0); day < today; day = day.AddDays(1), index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StartDay(day);
            foreach (var request in demand[index])
            {
                Schedule(request.PlacedAt, at => PlaceOrder(request, at));
            }

            RunDay();
            EndDay();
            placed += demand[index].Count;
            if (clock.Elapsed - lastReport > ProgressInterval)
            {
                lastReport = clock.Elapsed;
                _logger.LogInformation("Seeding demo data: {Percent:0}% ({Placed:N0} of {Total:N0} orders)…", 100.0 * placed / total, placed, total);
            }
        }

        NightlyRefresh(today);
        _logger.LogInformation("Played {Days} days of history: {Orders:N0} orders in {Seconds:0.0} s.", demand.Count, Orders.Count, clock.Elapsed.TotalSeconds);
    }

    // ----- The day's rhythm -----

    private void StartDay(DateOnly day)
    {
        _today = day;
        if (_later.Remove(day, out var scheduled))
        {
            foreach (var (at, seq, run) in scheduled)
            {
                _todayQueue.Enqueue(run, (at, seq));
            }
        }

        Schedule(At(day, 0, 0), ReleasePreorders);
        foreach (var sku in _catalog.Skus.Where(s => s.DiscontinueOn == day))
        {
            Schedule(At(day, 6, 0), at => Discontinue(sku, at));
        }

        var weekday = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        if (day.DayOfWeek == DayOfWeek.Monday)
        {
            Schedule(At(day, 7, 0), _ => UpdateSupplierLateness());
        }

        if (weekday)
        {
            Schedule(At(day, 8, 0), at => PlanPurchases(at, openingInbound: false));
            Schedule(At(day, 11, 0), ShipAllocated);
            Schedule(At(day, 16, 0), ShipAllocated);
            for (var i = 0; i < Scaled(1.0); i++)
            {
                Schedule(At(day, 9, 0).AddSeconds(_random.Next(8 * 3600)), ExpediteWaitingOrder);
            }
        }

        for (var i = 0; i < Scaled(1.0); i++)
        {
            Schedule(At(day, 10, 0).AddSeconds(_random.Next(8 * 3600)), AdjustStock);
        }

        for (var i = 0; i < Scaled(2.0); i++)
        {
            Schedule(At(day, 10, 0).AddSeconds(_random.Next(8 * 3600)), CountStock);
        }
    }

    private void RunDay()
    {
        while (_todayQueue.TryDequeue(out var run, out var key))
        {
            run(key.At);
        }
    }

    private void EndDay()
    {
        foreach (var sku in _catalog.Skus)
        {
            sku.RecentDemand = (0.9 * sku.RecentDemand) + (0.1 * sku.OrderedToday);
            sku.OrderedToday = 0;
        }

        if (_recentBackorders.Count > 2_000)
        {
            _recentBackorders.RemoveRange(0, _recentBackorders.Count - 1_000);
        }
    }

    /// <summary>Today: preorders released today take their units, lateness is brought up to date and every waiting line's ETA is refreshed. Reorder points are computed after the write (RecomputePlanning).</summary>
    private void NightlyRefresh(DateOnly today)
    {
        _today = today;
        ReleasePreorders(_end);
        UpdateSupplierLateness();
        foreach (var sku in _catalog.Skus)
        {
            var book = _books[sku.Sku];
            if (sku.Sku.Backordered > 0)
            {
                var changes = new ChangeSet();
                WarehouseOperations.RefreshEtas(book, "nightly refresh", new OperationContext(_end, today, _handlingDays, changes));
                Harvest(changes, _end);
            }
        }
    }

    private void Schedule(DateTime at, Action<DateTime> run)
    {
        if (at >= _end)
        {
            return; // After the end of history: it has not happened yet.
        }

        var day = DateOnly.FromDateTime(at);
        if (day == _today)
        {
            _todayQueue.Enqueue(run, (at, _seq++));
        }
        else if (day > _today)
        {
            if (!_later.TryGetValue(day, out var list))
            {
                _later[day] = list = [];
            }

            list.Add((at, _seq++, run));
        }
    }

    // ----- Stock -----

    /// <summary>The evening before the window: an opening count of every SKU and the inbound already on its way.</summary>
    private void OpenStock(DateOnly firstDay)
    {
        var eve = firstDay.AddDays(-1);
        _today = eve;
        var at = At(eve, 18, 0);
        foreach (var sku in _catalog.Skus)
        {
            // Somewhere between the reorder point and a week's demand above it; a few SKUs start empty.
            var (reorderPoint, _) = Planning(sku);
            var stock = sku.Sku.Policy == SellingPolicy.Preorder || _random.NextDouble() < 0.02
                ? 0
                : reorderPoint + (int)Math.Round(Math.Max(sku.Forecast * Client.DefaultReviewDays, 1) * _random.NextDouble() * 1.5);
            if (stock > 0)
            {
                var changes = new ChangeSet();
                WarehouseOperations.Count(_books[sku.Sku], stock, "opening balance", new OperationContext(at, eve, _handlingDays, changes));
                Harvest(changes, at);
            }
        }

        PlanPurchases(At(eve, 19, 0), openingInbound: true);
        RunDay();
    }

    private void AdjustStock(DateTime at)
    {
        var sku = _catalog.Skus[_random.Next(_catalog.Skus.Count)].Sku;
        var down = sku.OnHand >= 2 && _random.NextDouble() < 0.75;
        var (delta, reason) = down
            ? (-_random.Next(1, Math.Min(3, sku.OnHand) + 1), "damaged in handling")
            : (_random.Next(1, 4), "found during putaway");
        var changes = new ChangeSet();
        WarehouseOperations.Adjust(_books[sku], delta, reason, Op(at, changes));
        Harvest(changes, at);
    }

    private void CountStock(DateTime at)
    {
        var sku = _catalog.Skus[_random.Next(_catalog.Skus.Count)].Sku;
        var roll = _random.NextDouble();
        var difference = roll < 0.6 ? 0 : roll < 0.9 ? -_random.Next(1, 4) : _random.Next(1, 3);
        var changes = new ChangeSet();
        WarehouseOperations.Count(_books[sku], Math.Max(0, sku.OnHand + difference), "cycle count", Op(at, changes));
        Harvest(changes, at);
    }

    private void ReleasePreorders(DateTime at)
    {
        foreach (var sku in _catalog.Skus.Where(s => s.Sku.Policy == SellingPolicy.Preorder && s.Sku.ReleaseDate == _today))
        {
            var changes = new ChangeSet();
            WarehouseOperations.Allocate(_books[sku.Sku], new AllocationContext(AllocationCause.PreorderRelease, sku.Sku.Code, at), Op(at, changes));
            Harvest(changes, at);
        }
    }

    private void Discontinue(SkuProfile sku, DateTime at)
    {
        var book = _books[sku.Sku];
        sku.Sku.Describe(sku.Sku.Name, SellingPolicy.Discontinued, null);
        sku.Discontinued = true;
        foreach (var poLine in book.OpenPoLines)
        {
            poLine.Cancel(at);
        }

        book.OpenPoLines.Clear();
        foreach (var line in book.Queue.ToList())
        {
            var changes = new ChangeSet();
            WarehouseOperations.CancelLine(book, line, line.WaitingQty, "catalog team", Op(at, changes));
            Notify(line.Order, NotificationKind.Cancelled, at, $"{sku.Sku.Code} is discontinued", $"We are sorry: {sku.Sku.Name} is discontinued and your waiting units were cancelled.");
            Harvest(changes, at);
        }
    }

    // ----- Purchasing and receiving -----

    /// <summary>The planner: every SKU whose inventory position is at or below its reorder point gets a PO line, one PO per supplier.</summary>
    private void PlanPurchases(DateTime at, bool openingInbound)
    {
        var bySupplier = new SortedDictionary<int, List<(SkuProfile Sku, int Qty)>>();
        foreach (var sku in _catalog.Skus)
        {
            if (sku.Supplier is null || sku.Discontinued)
            {
                continue;
            }

            var (reorderPoint, _) = Planning(sku);
            var s = sku.Sku;
            var position = s.Available + s.OnOrder - s.Backordered;
            if (position > reorderPoint || (reorderPoint == 0 && s.Backordered == 0))
            {
                continue;
            }

            var qty = reorderPoint + (int)Math.Ceiling(Math.Max(sku.Forecast, sku.RecentDemand) * Client.DefaultReviewDays) - position;
            qty = Math.Max(qty, s.Moq);
            qty = (qty + s.CasePack - 1) / s.CasePack * s.CasePack;
            if (!bySupplier.TryGetValue(sku.Supplier.Supplier.Id, out var lines))
            {
                bySupplier[sku.Supplier.Supplier.Id] = lines = [];
            }

            lines.Add((sku, qty));
        }

        foreach (var lines in bySupplier.Values)
        {
            var supplier = lines[0].Sku.Supplier!;
            var order = _keys.Assign(new PurchaseOrder($"PO-{PurchaseOrders.Count + 20_001}", supplier.Supplier, at));
            PurchaseOrders.Add(order);
            foreach (var (sku, qty) in lines)
            {
                var lead = sku.Sku.EffectiveLeadTimeDays ?? supplier.Supplier.LeadTimeDays;

                // Opening inbound was ordered before the window: it arrives spread over the first lead time.
                var expected = DateOnly.FromDateTime(at).AddDays(openingInbound ? _random.Next(1, lead + 1) : lead);
                var poLine = _keys.Assign(order.AddLine(sku.Sku, qty, expected));
                var book = _books[sku.Sku];
                book.OpenPoLines.Add(poLine);
                ScheduleDelivery(supplier, poLine);
                if (sku.Sku.Backordered > 0)
                {
                    var changes = new ChangeSet();
                    WarehouseOperations.RefreshEtas(book, $"{order.Number} placed", Op(at, changes));
                    Harvest(changes, at);
                }
            }
        }
    }

    /// <summary>When the goods really come, and the delay notices a late supplier sends before that.</summary>
    private void ScheduleDelivery(SupplierProfile supplier, PurchaseOrderLine poLine)
    {
        var delay = supplier.SampleDelay(_random);
        var arrival = WorkingDayOnOrAfter(poLine.ExpectedDate.AddDays(delay));
        Schedule(At(arrival, 9, 0).AddSeconds(_random.Next(6 * 3600)), at => Receive(poLine, at));
        if (delay >= 3 && _random.NextDouble() < 0.6)
        {
            var firstNotice = poLine.ExpectedDate.AddDays(-_random.Next(2, 6));
            var firstDate = poLine.ExpectedDate.AddDays(_random.NextDouble() < 0.5 ? delay : Math.Max(1, delay / 2));
            Schedule(At(firstNotice, 10, 0), at => ChangeExpectedDate(poLine, firstDate, at));
            if (firstDate < arrival && _random.NextDouble() < 0.6)
            {
                Schedule(At(firstDate.AddDays(-1), 10, 30), at => ChangeExpectedDate(poLine, poLine.ExpectedDate.AddDays(Math.Max(1, arrival.DayNumber - firstDate.DayNumber)), at));
            }
        }
    }

    private void ChangeExpectedDate(PurchaseOrderLine poLine, DateOnly date, DateTime at)
    {
        if (poLine.OpenQty == 0 || date == poLine.ExpectedDate)
        {
            return;
        }

        poLine.ChangeExpectedDate(date, at, $"{poLine.PurchaseOrder.Supplier.Name} moved the delivery");
        var changes = new ChangeSet();
        WarehouseOperations.RefreshEtas(_books[poLine.Sku], $"{poLine.PurchaseOrder.Number} now expected {date:MMM d}", Op(at, changes));
        Harvest(changes, at);
    }

    private void Receive(PurchaseOrderLine poLine, DateTime at)
    {
        if (poLine.OpenQty == 0)
        {
            return;
        }

        var qty = poLine.OpenQty;
        if (poLine.ReceivedQty == 0 && qty > 3 && _random.NextDouble() < 0.08)
        {
            // A short delivery: the rest comes a week or so later, or never.
            qty = Math.Max(1, (int)(qty * (0.5 + (_random.NextDouble() * 0.4))));
            var rest = At(WorkingDayOnOrAfter(_today.AddDays(_random.Next(3, 11))), 10, 0);
            Schedule(rest, _random.NextDouble() < 0.8 ? later => Receive(poLine, later) : later => CancelRest(poLine, later));
        }

        var scanId = $"RCV-{++_scans:0000000}";
        var book = _books[poLine.Sku];
        var changes = new ChangeSet();
        var outcome = WarehouseOperations.Receive(book, qty, scanId, poLine, Op(at, changes));
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{scanId}|{poLine.Sku.Code}|{qty}|{poLine.PurchaseOrder.Number}")));
        var scan = new ReceiptScan(scanId, poLine.SkuId, qty, fingerprint, at)
        {
            Response = string.Create(CultureInfo.InvariantCulture, $$"""{"scanId":"{{scanId}}","sku":"{{poLine.Sku.Code}}","qty":{{qty}},"crossDock":{{outcome.CrossDockQty}},"putaway":{{outcome.PutawayQty}}}"""),
        };
        Scans.Add(scan);
        Harvest(changes, at);
        RecordDelay(poLine);
    }

    private void CancelRest(PurchaseOrderLine poLine, DateTime at)
    {
        if (poLine.OpenQty == 0)
        {
            return;
        }

        var book = _books[poLine.Sku];
        poLine.Cancel(at);
        book.OpenPoLines.Remove(poLine);
        var changes = new ChangeSet();
        WarehouseOperations.RefreshEtas(book, $"rest of {poLine.PurchaseOrder.Number} cancelled", Op(at, changes));
        Harvest(changes, at);
        RecordDelay(poLine);
    }

    private void RecordDelay(PurchaseOrderLine poLine)
    {
        if (poLine.OpenQty == 0 && poLine.ReceivedAt is { } received)
        {
            _receiptDelays[poLine.PurchaseOrder.Supplier].Add(ReceiptHistory.DelayDays(received, poLine.OriginalExpectedDate));
        }
    }

    private void UpdateSupplierLateness()
    {
        foreach (var (supplier, delays) in _receiptDelays)
        {
            supplier.SetLatenessFrom(delays);
        }
    }

    // ----- Orders -----

    private void PlaceOrder(OrderRequest request, DateTime at)
    {
        // The channels show the SKU's policy: discontinued SKUs are gone, stop-selling ones sell only what is available.
        var lines = new List<(SkuProfile Sku, int Qty)>();
        foreach (var (sku, qty) in request.Lines)
        {
            var available = sku.Sku.Policy == SellingPolicy.StopSelling ? Math.Min(qty, sku.Sku.Available) : qty;
            if (!sku.Discontinued && available > 0)
            {
                lines.Add((sku, available));
            }
        }

        if (lines.Count == 0)
        {
            return;
        }

        var number = $"SO-{Orders.Count + 100_001}";
        var order = _keys.Assign(new SalesOrder(number, request.Client.Client, request.Customer, request.Channel, at, request.ShipPolicy, request.Priority));
        foreach (var (sku, qty) in lines)
        {
            _keys.Assign(order.AddLine(sku.Sku, qty));
            sku.OrderedToday += qty;
        }

        var business = request.Customer.Type == CustomerType.B2b;
        order.AuthorizePayment(at, at.AddDays(business ? 30 : 7));
        var changes = new ChangeSet();
        WarehouseOperations.PlaceOrder(order, _books, Op(at, changes));
        Orders.Add(order);
        Harvest(changes, at);
        if (order.BackorderedAtPlacement)
        {
            _recentBackorders.Add(order);
            var waiting = order.Lines.Where(l => l.WaitingQty > 0).ToList();
            Notify(order, NotificationKind.Backordered, at, $"Your order {number}: {waiting.Count} item(s) on backorder",
                string.Join("\n", waiting.Select(l => $"{l.Sku.Name}: {l.WaitingQty} expected {(l.EtaTo is { } to ? $"{l.EtaFrom:MMM d}–{to:MMM d}" : "as soon as we can confirm a date")}.")));
            ScheduleImpatience(order, at, business);
        }

        ScheduleHoldsAndChangesOfMind(order, at, business);
    }

    /// <summary>Some customers give up on a long wait and cancel what is still waiting.</summary>
    private void ScheduleImpatience(SalesOrder order, DateTime at, bool business)
    {
        foreach (var line in order.Lines.Where(l => l.WaitingQty > 0))
        {
            if (_random.NextDouble() < (business ? 0.08 : 0.25))
            {
                Schedule(at.AddDays(_random.Next(2, 25)).AddHours(_random.Next(0, 6)), when => CancelWaiting(line, when, "customer"));
            }
        }
    }

    private void ScheduleHoldsAndChangesOfMind(SalesOrder order, DateTime at, bool business)
    {
        var roll = _random.NextDouble();
        if (roll < (business ? 0.02 : 0.015))
        {
            var reason = business ? "credit limit review" : "payment review";
            Schedule(at.AddMinutes(1), when => HoldOrder(order, reason, when));
            if (!business && _random.NextDouble() < 0.2)
            {
                Schedule(at.AddHours(_random.Next(6, 30)), when => CancelOrder(order, when, "payments team", "payment declined"));
            }
            else
            {
                Schedule(at.AddHours(business ? _random.Next(24, 96) : _random.Next(3, 30)), when => ReleaseOrder(order, when));
            }
        }
        else if (roll < 0.03 && order.Lines.Count > 0)
        {
            var line = order.Lines[_random.Next(order.Lines.Count)];
            Schedule(at.AddMinutes(_random.Next(5, 240)), when => CancelOpen(line, when, "customer", "changed their mind"));
        }
    }

    private void HoldOrder(SalesOrder order, string reason, DateTime at)
    {
        foreach (var line in order.Lines.Where(l => l.OpenQty > 0 && !l.OnHold))
        {
            var changes = new ChangeSet();
            WarehouseOperations.Hold(_books[line.Sku], line, reason, "order screening", Op(at, changes));
            Harvest(changes, at);
        }
    }

    private void ReleaseOrder(SalesOrder order, DateTime at)
    {
        foreach (var line in order.Lines.Where(l => l.OnHold && l.OpenQty > 0))
        {
            var changes = new ChangeSet();
            WarehouseOperations.ReleaseHold(_books[line.Sku], line, "payments team", Op(at, changes));
            Harvest(changes, at);
        }
    }

    private void CancelOrder(SalesOrder order, DateTime at, string actor, string why)
    {
        foreach (var line in order.Lines.Where(l => l.OpenQty > 0))
        {
            CancelOpen(line, at, actor, why);
        }
    }

    private void CancelOpen(SalesOrderLine line, DateTime at, string actor, string why)
    {
        if (line.OpenQty == 0)
        {
            return;
        }

        var book = _books[line.Sku];
        var changes = new ChangeSet();
        WarehouseOperations.CancelLine(book, line, null, actor, Op(at, changes));
        Notify(line.Order, NotificationKind.Cancelled, at, $"Your order {line.Order.Number}: {line.Sku.Name} cancelled", $"Cancelled: {why}.");
        Harvest(changes, at);
        Prune(line);
    }

    private void CancelWaiting(SalesOrderLine line, DateTime at, string actor)
    {
        if (line.WaitingQty == 0)
        {
            return;
        }

        var book = _books[line.Sku];
        var changes = new ChangeSet();
        var units = line.WaitingQty;
        WarehouseOperations.CancelLine(book, line, units, actor, Op(at, changes));
        Notify(line.Order, NotificationKind.Cancelled, at, $"Your order {line.Order.Number}: {units} × {line.Sku.Name} cancelled", "Cancelled at your request after the wait.");
        Harvest(changes, at);
        Prune(line);
    }

    /// <summary>A manager moves a waiting business order to the front of its queues.</summary>
    private void ExpediteWaitingOrder(DateTime at)
    {
        if (_recentBackorders.Count == 0)
        {
            return;
        }

        var order = _recentBackorders[_random.Next(_recentBackorders.Count)];
        if (order.Priority == OrderPriority.Expedite || !order.Lines.Any(l => l.WaitingQty > 0))
        {
            return;
        }

        order.ChangePriority(OrderPriority.Expedite, at, "warehouse manager");
        foreach (var line in order.Lines.Where(l => l.WaitingQty > 0))
        {
            var changes = new ChangeSet();
            WarehouseOperations.RefreshEtas(_books[line.Sku], $"{order.Number} expedited", Op(at, changes));
            Harvest(changes, at);
        }
    }

    /// <summary>The pick-pack-ship wave: ship-partial orders ship what is allocated, ship-complete ones only when complete; held lines wait.</summary>
    private void ShipAllocated(DateTime at)
    {
        foreach (var order in _awaitingShipment.Values.ToList())
        {
            var open = order.Lines.Where(l => l.OpenQty > 0).ToList();
            var ready = order.ShipPolicy == ShipPolicy.ShipComplete && open.Any(l => l.OnHold || l.WaitingQty > 0)
                ? []
                : open.Where(l => l.AllocatedQty > 0 && !l.OnHold).Select(l => (l.LineNumber, l.AllocatedQty)).ToList();
            if (ready.Count > 0)
            {
                var changes = new ChangeSet();
                WarehouseOperations.Ship(order, ready, Op(at, changes));
                Harvest(changes, at);
                foreach (var line in order.Lines)
                {
                    Prune(line);
                }
            }

            if (order.Lines.All(l => l.AllocatedQty == 0))
            {
                _awaitingShipment.Remove(order.Id);
            }
        }
    }

    // ----- Bookkeeping -----

    /// <summary>Keeps what the change set made that is not reachable from the orders: ledger rows, orders to ship, delay notices.</summary>
    private void Harvest(ChangeSet changes, DateTime at)
    {
        Ledger.AddRange(changes.Movements);
        foreach (var allocation in changes.Allocations)
        {
            _awaitingShipment.TryAdd(allocation.Line.Order.Id, allocation.Line.Order);
        }

        foreach (var order in changes.EtaChanges.Where(c => c.IsSlip).GroupBy(c => c.Line.Order))
        {
            var text = string.Join("\n", order.Select(c => $"{c.Line.Sku.Name}: now expected {c.From:MMM d}–{c.To:MMM d} ({c.Reason})."));
            Notify(order.Key, NotificationKind.DelayNotice, at, $"Your order {order.Key.Number} is delayed", text);
        }
    }

    private void Notify(SalesOrder order, NotificationKind kind, DateTime at, string subject, string body)
    {
        var message = new OutboxMessage(order.Id, kind, order.Customer.Email ?? "", Truncate(subject, 200), Truncate(body, 20_000), at);
        if (at.AddMinutes(1) < _end)
        {
            message.MarkSent(at.AddMinutes(1));
        }

        Outbox.Add(message);
    }

    private void Prune(SalesOrderLine line)
    {
        if (line.OpenQty == 0)
        {
            _books[line.Sku].OpenLines.Remove(line);
        }
    }

    // The simulated planner's rule of thumb while history plays (it knows the profile's forecast); the
    // stored reorder points are computed from the written history afterwards by RecomputePlanning.
    private (int ReorderPoint, int SafetyStock) Planning(SkuProfile sku)
    {
        var demand = Math.Max(sku.Forecast, sku.RecentDemand);
        var lead = sku.Sku.EffectiveLeadTimeDays ?? 0;
        if (sku.Supplier is null || demand <= 0)
        {
            return (0, 0);
        }

        var sigmaDemand = Math.Max(sku.ForecastDeviation, Math.Sqrt(demand));
        var late = 1 - sku.Supplier.OnTimeShare;
        var meanLate = late * (sku.Supplier.LateMinDays + sku.Supplier.LateMaxDays) / 2.0;
        var squareLate = late * ((sku.Supplier.LateMinDays * sku.Supplier.LateMinDays) + (sku.Supplier.LateMinDays * sku.Supplier.LateMaxDays) + (sku.Supplier.LateMaxDays * sku.Supplier.LateMaxDays)) / 3.0;
        var sigmaLead = Math.Sqrt(Math.Max(0, squareLate - (meanLate * meanLate)));
        var safety = (int)Math.Ceiling(ServiceZ * Math.Sqrt((lead * sigmaDemand * sigmaDemand) + (demand * demand * sigmaLead * sigmaLead)));
        return ((int)Math.Ceiling((demand * lead) + safety), safety);
    }

    private int Scaled(double perTwoThousandSkus)
    {
        var expected = perTwoThousandSkus * _catalog.Skus.Count / 2_000;
        var whole = (int)expected;
        return whole + (_random.NextDouble() < expected - whole ? 1 : 0);
    }

    /// <summary>The context of an operation at <paramref name="at"/> on the simulated day.</summary>
    private OperationContext Op(DateTime at, ChangeSet changes) => new(at, _today, _handlingDays, changes);

    private static DateTime At(DateOnly day, int hour, int minute) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc);

    private static DateOnly WorkingDayOnOrAfter(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(2),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
