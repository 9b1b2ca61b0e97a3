using System.Runtime.CompilerServices;
using BackorderDesk.Domain;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BackorderDesk.Data;

/// <summary>
/// What one write command works with: the context inside the open transaction, the clock reading
/// for the whole command, and the SKU books it loaded (each loaded once, then shared).
/// </summary>
public sealed class WriteScope
{
    private readonly Dictionary<int, SkuBook> _books = [];
    private readonly Dictionary<int, bool> _wasBelowReorderPoint = [];

    // The scope that notes the context's changes: one command at a time writes through a context,
    // and a new scope takes over from the last one (whose command may have failed without collecting).
    private static readonly ConditionalWeakTable<WarehouseDbContext, WriteScope> Noting = new();

    // Orders and lines this command added, changed or removed, noted by the change tracker as they
    // are saved, so that no use case has to remember to announce a hold, a release or a swap.
    private readonly HashSet<object> _changed = new(ReferenceEqualityComparer.Instance);

    internal WriteScope(WarehouseDbContext db, DateTime now, DateOnly today, int handlingDays)
    {
        Db = db;
        Now = now;
        Today = today;
        HandlingDays = handlingDays;
        Operation = new OperationContext(now, today, handlingDays, Changes);
        if (Noting.TryGetValue(db, out var previous))
        {
            previous.StopNoting();
        }

        Noting.AddOrUpdate(db, this);
        db.ChangeTracker.Tracked += OnTracked;
        db.ChangeTracker.StateChanged += OnStateChanged;
    }

    public WarehouseDbContext Db { get; }

    public DateTime Now { get; }

    public DateOnly Today { get; }

    public int HandlingDays { get; }

    public ChangeSet Changes { get; } = new();

    /// <summary>What the warehouse operations of this command run with (its clock, day, handling days and changes).</summary>
    public OperationContext Operation { get; }

    /// <summary>Events beyond those derived from <see cref="Changes"/> (e.g. a receipt scan).</summary>
    public List<WarehouseEvent> Events { get; } = [];

    /// <summary>Loads the SKU's open order lines (with orders and live allocations) and open PO lines.</summary>
    public async Task<SkuBook> LoadBookAsync(Sku sku, CancellationToken cancellationToken)
    {
        if (_books.TryGetValue(sku.Id, out var book))
        {
            return book;
        }

        book = await SkuBooks.LoadAsync(Db, sku, cancellationToken);
        _books[sku.Id] = book;
        _wasBelowReorderPoint[sku.Id] = sku.IsReorderAlert;
        return book;
    }

    /// <summary>The books of several SKUs, loading the ones this command has not loaded yet in one go.</summary>
    public async Task<IReadOnlyList<SkuBook>> LoadBooksAsync(IReadOnlyCollection<Sku> skus, CancellationToken cancellationToken)
    {
        var missing = skus.Where(s => !_books.ContainsKey(s.Id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, book) in await SkuBooks.LoadManyAsync(Db, missing, cancellationToken))
            {
                _books[id] = book;
                _wasBelowReorderPoint[id] = book.Sku.IsReorderAlert;
            }
        }

        return skus.Select(s => _books[s.Id]).ToList();
    }

    /// <summary>The live-feed events of this command, in the order a screen wants them.</summary>
    internal IReadOnlyList<WarehouseEvent> CollectEvents()
    {
        StopNoting();
        var events = new List<WarehouseEvent>(Events);
        foreach (var allocation in Changes.Allocations)
        {
            events.Add(new Allocated(allocation.Line.Sku.Code, allocation.Line.Order.Number, allocation.Line.LineNumber, allocation.Qty, allocation.CrossDock));
        }

        foreach (var sku in Changes.TouchedSkus)
        {
            events.Add(new StockChanged(sku.Code, sku.OnHand, sku.Allocated, sku.Available, sku.Backordered));
            var wasBelow = _wasBelowReorderPoint.GetValueOrDefault(sku.Id);
            if (sku.IsReorderAlert && !wasBelow)
            {
                events.Add(new AlertRaised(sku.Code, "BelowReorderPoint"));
            }
        }

        AddOrderAndQueueEvents(events);
        return events;
    }

    /// <summary>
    /// <see cref="OrderChanged"/> for every order the command changed (its lines, timeline, expedite
    /// requests included) and <see cref="QueueChanged"/> for every SKU whose queue it changed: a line
    /// added, held, released, cancelled, allocated or swapped, or an order whose priority moved.
    /// </summary>
    private void AddOrderAndQueueEvents(List<WarehouseEvent> events)
    {
        var orders = new SortedSet<string>(StringComparer.Ordinal);
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in _changed)
        {
            switch (entity)
            {
                case SalesOrder order:
                    AddOrder(order);
                    foreach (var line in order.Lines)
                    {
                        AddQueue(line.Sku);
                    }

                    break;
                case SalesOrderLine line:
                    AddOrder(line.Order);
                    AddQueue(line.Sku);
                    break;
                case Allocation allocation:
                    AddOrder(allocation.Line?.Order);
                    AddQueue(allocation.Line?.Sku);
                    break;
                case TimelineEvent timeline:
                    AddOrder(timeline.Order);
                    break;
                case ExpediteRequest expedite:
                    AddOrder(expedite.Order);
                    break;
            }
        }

        events.AddRange(orders.Select(number => new OrderChanged(number)));
        events.AddRange(queues.Select(code => new QueueChanged(code)));

        // Navigations the command did not load are left out: every change a screen shows also
        // touches a loaded order or line (a timeline entry at least), which names it.
        void AddOrder(SalesOrder? order)
        {
            if (order is { Number.Length: > 0 })
            {
                orders.Add(order.Number);
            }
        }

        void AddQueue(Sku? sku)
        {
            if (sku is { Code.Length: > 0 })
            {
                queues.Add(sku.Code);
            }
        }
    }

    private void OnTracked(object? sender, EntityTrackedEventArgs e)
    {
        if (!e.FromQuery && e.Entry.State == EntityState.Added)
        {
            Note(e.Entry.Entity);
        }
    }

    private void OnStateChanged(object? sender, EntityStateChangedEventArgs e)
    {
        if (e.NewState is EntityState.Added or EntityState.Modified or EntityState.Deleted)
        {
            Note(e.Entry.Entity);
        }
    }

    private void Note(object entity)
    {
        if (entity is SalesOrder or SalesOrderLine or Allocation or TimelineEvent or ExpediteRequest)
        {
            _changed.Add(entity);
        }
    }

    private void StopNoting()
    {
        Db.ChangeTracker.Tracked -= OnTracked;
        Db.ChangeTracker.StateChanged -= OnStateChanged;
    }
}
