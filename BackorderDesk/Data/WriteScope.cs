using BackorderDesk.Domain;
using BackorderDesk.Live;

namespace BackorderDesk.Data;

/// <summary>
/// What one write command works with: the context inside the open transaction, the clock reading
/// for the whole command, and the SKU books it loaded (each loaded once, then shared).
/// </summary>
public sealed class WriteScope
{
    private readonly Dictionary<int, SkuBook> _books = [];
    private readonly Dictionary<int, bool> _wasBelowReorderPoint = [];

    internal WriteScope(WarehouseDbContext db, DateTime now, DateOnly today, int handlingDays)
    {
        Db = db;
        Now = now;
        Today = today;
        HandlingDays = handlingDays;
        Operation = new OperationContext(now, today, handlingDays, Changes);
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

        return events;
    }
}
