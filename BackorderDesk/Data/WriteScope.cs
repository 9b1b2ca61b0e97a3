using System.Runtime.CompilerServices;
using BackorderDesk.Data.WritePath;
using BackorderDesk.Domain;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BackorderDesk.Data;

/// <summary>
/// What one write command works with: the context inside the open transaction, the clock reading
/// for the whole command, and the SKU books it uses. A command takes its books one of two ways:
/// <see cref="BookAsync"/> gives the writer's cached book, whose changes the pipeline writes as rows
/// (<see cref="BookWrites"/>); <see cref="LoadBookAsync"/> reads a tracked book that EF saves. One
/// command uses one way. <see cref="CompleteAsync"/> is the pipeline either way.
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

    private readonly SkuBookCache? _cache;
    private readonly BookWrites? _bookWrites;

    // SKU rows this command holds locked (PostgreSQL, see SkuRowLocks).
    private readonly HashSet<int> _locked = [];

    internal WriteScope(WarehouseDbContext db, DateTime now, DateOnly today, int handlingDays, SkuBookCache? cache = null)
    {
        _cache = cache;
        _bookWrites = cache is null ? null : new BookWrites(cache);
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

    /// <summary>The cached books this command used (dropped from the cache if the command fails).</summary>
    internal IReadOnlyList<CachedBook> CachedBooks => _bookWrites?.Used ?? [];

    /// <summary>Whether the command changed a customer through EF (cached books hold customers: they are read again).</summary>
    internal bool ChangedCustomers { get; private set; }

    /// <summary>
    /// The SKU's book from the writer's cache, read (untracked) on first use or when
    /// <paramref name="current"/>, the SKU row as this command read it, shows the SKU moved on. The
    /// command changes it in memory; <see cref="CompleteAsync"/> writes what changed as rows.
    /// </summary>
    public async Task<SkuBook> BookAsync(Sku current, CancellationToken cancellationToken) =>
        (await BooksAsync([current], cancellationToken))[0];

    /// <summary>The cached books of several SKUs (see <see cref="BookAsync"/>), the missing ones read in one go.</summary>
    public async Task<IReadOnlyList<SkuBook>> BooksAsync(IReadOnlyCollection<Sku> current, CancellationToken cancellationToken)
    {
        if (_cache is null || _bookWrites is null)
        {
            throw new InvalidOperationException("Cached books are given to commands of the writer only.");
        }

        await SkuRowLocks.LockAsync(Db, current, _locked, cancellationToken);
        var found = current.Select(s => (Sku: s, Cached: _cache.Find(s))).ToList();
        var missing = found.Where(f => f.Cached is null).Select(f => f.Sku.Id).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var book in await SkuBooks.LoadUntrackedAsync(Db, missing, cancellationToken))
            {
                _cache.Add(book);
            }
        }

        var books = new List<SkuBook>(found.Count);
        foreach (var (sku, _) in found)
        {
            var cached = _cache.Find(sku) ?? throw new StaleBookException(sku.Code);
            if (!_bookWrites.Used.Contains(cached))
            {
                _wasBelowReorderPoint[sku.Id] = cached.Images.WasAlert;
                _bookWrites.Use(cached);
                ServeContinuingReceipt(cached.Book);
            }

            books.Add(cached.Book);
        }

        return books;
    }

    /// <summary>Set by the command that serves the next chunk of a receipt itself (its book is not served first).</summary>
    internal bool ContinuesReceipt { get; set; }

    /// <summary>A receipt of the SKU allocates the rest in later commits (see <see cref="SkuBookCache.MarkContinuing"/>).</summary>
    internal void ContinueReceiptLater(int skuId, AllocationContext receipt) => _cache?.MarkContinuing(skuId, receipt);

    internal void ReceiptSettled(int skuId) => _cache?.MarkSettled(skuId);

    /// <summary>A book whose receipt is still being allocated in chunks gets the rest now, before this command uses it.</summary>
    private void ServeContinuingReceipt(SkuBook book)
    {
        if (!ContinuesReceipt && _cache?.Continuing(book.Sku.Id) is { } receipt)
        {
            WarehouseOperations.Allocate(book, receipt with { At = Now }, Operation);
            _cache.MarkSettled(book.Sku.Id);
        }
    }

    /// <summary>Gives a cached book back unchanged and drops it from the cache (the command goes the tracked way instead).</summary>
    public void DropBook(SkuBook book)
    {
        _bookWrites?.Drop(book);
        _cache?.Evict(book.Sku.Id);
    }

    /// <summary>
    /// The write pipeline after the command's own work: planning numbers for new demand, the
    /// customers' messages, ledger rows, counters and every row, in the command's savepoint.
    /// </summary>
    internal async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // Books hold the customers of their orders (names, addresses for messages): a customer changed
        // through EF, on either path, has the writer read them again.
        ChangedCustomers = Db.ChangeTracker.Entries<Customer>().Any(e => e.State == EntityState.Modified);
        if (_bookWrites is { Used.Count: > 0 })
        {
            await _bookWrites.FlushAsync(this, cancellationToken);
            return;
        }

        // New demand moves the SKU's planning numbers in the same unit of work (one set of numbers for every reader).
        await Features.Planning.PlanningNumbers.ComputeForNewDemandAsync(this, cancellationToken);

        // The customers' messages join the same unit of work as the change that owes them.
        await OutboxNotices.AddAsync(this, cancellationToken);
        foreach (var movement in Changes.Movements)
        {
            Db.Ledger.Add(movement);
        }

        await Db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Notes an order, line or other entity the command changed without the change tracker (for the live events).</summary>
    internal void NoteChanged(object entity) => Note(entity);

    /// <summary>Loads the SKU's open order lines (with orders and live allocations) and open PO lines.</summary>
    public async Task<SkuBook> LoadBookAsync(Sku sku, CancellationToken cancellationToken)
    {
        if (_books.TryGetValue(sku.Id, out var book))
        {
            return book;
        }

        await SkuRowLocks.LockAsync(Db, [sku], _locked, cancellationToken);
        book = await SkuBooks.LoadAsync(Db, sku, cancellationToken);
        _books[sku.Id] = book;
        _wasBelowReorderPoint[sku.Id] = sku.IsReorderAlert;
        ServeContinuingReceipt(book);
        return book;
    }

    /// <summary>The books of several SKUs, loading the ones this command has not loaded yet in one go.</summary>
    public async Task<IReadOnlyList<SkuBook>> LoadBooksAsync(IReadOnlyCollection<Sku> skus, CancellationToken cancellationToken)
    {
        var missing = skus.Where(s => !_books.ContainsKey(s.Id)).ToList();
        if (missing.Count > 0)
        {
            await SkuRowLocks.LockAsync(Db, missing, _locked, cancellationToken);
            foreach (var (id, book) in await SkuBooks.LoadManyAsync(Db, missing, cancellationToken))
            {
                _books[id] = book;
                _wasBelowReorderPoint[id] = book.Sku.IsReorderAlert;
                ServeContinuingReceipt(book);
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
