using BackorderDesk.Domain;
using BackorderDesk.Features.Planning;

namespace BackorderDesk.Data.WritePath;

/// <summary>A SKU row had moved on (written elsewhere) since its book was read; the command runs again on a fresh book.</summary>
public sealed class StaleBookException(string skuCode)
    : Exception($"{skuCode} was changed by another writer while a command used its book; the command runs again on fresh data.");

/// <summary>
/// The write pipeline of a command that works on cached SKU books, in the order the rows depend on
/// each other: the command changed the books in memory (<see cref="WarehouseOperations"/>) and noted
/// what happened in its <see cref="ChangeSet"/>; this writes it.
/// <list type="number">
/// <item>Rows the command added through EF (a new customer, a receipt scan's row).</item>
/// <item>New orders and lines, their keys read back.</item>
/// <item>Planning numbers of SKUs that got new demand.</item>
/// <item>Whole-order reads, in one query, for orders whose messages or figures speak of all their lines.</item>
/// <item>The customers' messages (outbox).</item>
/// <item>Ledger rows, allocations, changed order and purchase-order lines, timeline entries, ETA history, messages: multi-row statements.</item>
/// <item>Counters from the in-memory before and after of each changed line and SKU, no GROUP BY.</item>
/// <item>Each SKU row at the version its book was read at; a row that moved on fails the command (<see cref="StaleBookException"/>).</item>
/// </list>
/// Nothing here uses the change tracker for the books' rows, so the cost follows the rows a command
/// changes, not the length of the SKU's queue.
/// </summary>
internal sealed class BookWrites(SkuBookCache cache)
{
    private readonly List<CachedBook> _used = [];

    /// <summary>The cached books the command used, in the order it asked for them.</summary>
    public IReadOnlyList<CachedBook> Used => _used;

    public void Use(CachedBook book)
    {
        if (!_used.Contains(book))
        {
            _used.Add(book);
        }
    }

    public void Drop(SkuBook book) => _used.RemoveAll(b => b.Book == book);

    public async Task FlushAsync(WriteScope scope, CancellationToken ct)
    {
        if (_used.Count == 0)
        {
            return;
        }

        var db = scope.Db;
        var changes = scope.Changes;
        var rows = new RowWriter(db);

        // 1. Rows the command added or changed through EF (a client or customer, a receipt scan).
        await db.SaveChangesAsync(ct);

        // 2. New orders and their lines.
        var placed = changes.PlacedOrders;
        var newLines = placed.SelectMany(o => o.Lines).ToList();
        await rows.InsertReturningKeysAsync(placed, ct);
        await rows.InsertReturningKeysAsync(newLines, ct);

        // 3. New demand moves its SKUs' planning numbers in the same unit of work.
        if (newLines.Count > 0)
        {
            await PlanningNumbers.ComputeAsync(db, newLines.Select(l => l.Sku).Distinct().ToList(), scope.Today, scope.Now, ct);
        }

        var books = _used.Select(b => b.Book).ToList();
        var changedLines = _used.SelectMany(b => b.Images.ChangedLines(b.Book)).ToList();
        var changedPoLines = _used.SelectMany(b => b.Images.ChangedPoLines()).ToList();

        // 4. Orders whose counters may move or whose messages speak of every line: their lines
        // beyond these books (other SKUs, closed lines), read in one query.
        var placedSet = placed.ToHashSet();
        var wholeOrders = changedLines
            .Where(c => QuantitiesMoved(c.Line, c.Before))
            .Select(c => c.Line.Order)
            .Concat(CustomerNotices.OrdersToLoadWhole(changes))
            .Where(o => !placedSet.Contains(o))
            .Distinct()
            .ToList();
        var whole = await WholeOrders.ReadAsync(db, wholeOrders, books, ct);

        // 5. The customers' messages, with each order seen whole.
        List<OutboxMessage> messages;
        using (whole.Seen())
        {
            messages = [.. CustomerNotices.Collect(changes, scope.Now)];
            messages.AddRange(await OutboxNotices.RestockNoticesAsync(db, changes, scope.Now, ct));
        }

        // Restock subscriptions marked as told.
        await db.SaveChangesAsync(ct);

        // 6. The rows.
        await rows.InsertAsync(changes.Movements, ct);
        await rows.InsertAsync(changes.Allocations, ct);
        await rows.UpdateAsync(changedLines.Select(c => c.Line).ToList(), ct);
        await rows.UpdateAsync(changedPoLines.Select(c => c.Line).ToList(), ct);
        var orders = placed.Concat(changedLines.Select(c => c.Line.Order)).Concat(changes.Allocations.Select(a => a.Line.Order)).Distinct().ToList();
        await rows.InsertAsync(orders.SelectMany(o => o.TakeUnwrittenTimeline()).ToList(), ct);
        await rows.InsertAsync(changes.EtaChanges, ct);
        await rows.InsertAsync(messages, ct);
        foreach (var change in changes.EtaChanges)
        {
            change.Line.ForgetWrittenEtaHistory();
        }

        // 7. Counters from the before and after of what changed.
        var before = new Dictionary<int, OrderFigures>();
        var after = new Dictionary<int, OrderFigures>();
        var images = changedLines.ToDictionary(c => c.Line, c => c.Before);
        foreach (var order in wholeOrders.Concat(placed))
        {
            var lines = placedSet.Contains(order) ? order.Lines : whole.LinesOf(order);
            Add(before, order.ClientId, placedSet.Contains(order) ? default : Figures(lines.Select(l => images.TryGetValue(l, out var image) ? (image.OpenQty, image.WaitingQty) : (l.OpenQty, l.WaitingQty))));
            Add(after, order.ClientId, Figures(lines.Select(l => (l.OpenQty, l.WaitingQty))));
        }

        var stock = new Dictionary<int, StockFigures>();
        foreach (var cached in _used)
        {
            var sku = cached.Book.Sku;
            var delta = (sku.IsReorderAlert ? 1 : 0) - (cached.Images.WasAlert ? 1 : 0);
            stock[sku.ClientId] = stock.GetValueOrDefault(sku.ClientId) + new StockFigures(0, delta);
        }

        var inbound = new Dictionary<(int ClientId, DateOnly Day), int>();
        foreach (var (line, image) in changedPoLines)
        {
            var clientId = books.First(b => b.Sku.Id == line.SkuId).Sku.ClientId;
            if (image.IsOpen)
            {
                inbound[(clientId, image.ExpectedDate)] = inbound.GetValueOrDefault((clientId, image.ExpectedDate)) - 1;
            }

            if (line.OpenQty > 0)
            {
                inbound[(clientId, line.ExpectedDate)] = inbound.GetValueOrDefault((clientId, line.ExpectedDate)) + 1;
            }
        }

        await OrderCounters.ApplyAsync(db, before, after, stock, inbound, c => db.SaveChangesAsync(c), ct);

        // 8. The SKU rows, each at the version its book was read at.
        foreach (var cached in _used)
        {
            var sku = cached.Book.Sku;
            if (!await rows.UpdateAtVersionAsync(sku, nameof(Sku.Version), sku.Version, sku.Version + 1, ct))
            {
                throw new StaleBookException(sku.Code);
            }

            sku.Version++;
        }

        // What was written is the image the next command is compared with.
        foreach (var cached in _used)
        {
            cached.Images.TakeWritten(cached.Book, changedLines.Select(c => c.Line).Concat(newLines.Where(l => l.SkuId == cached.Book.Sku.Id)), changedPoLines.Select(c => c.Line));
        }

        foreach (var (line, _) in changedLines)
        {
            scope.NoteChanged(line);
        }

        foreach (var line in newLines)
        {
            scope.NoteChanged(line);
        }

        cache.Grew(newLines.Count);
    }

    private static bool QuantitiesMoved(SalesOrderLine line, LineImage before) =>
        line.OpenQty != before.OpenQty || line.WaitingQty != before.WaitingQty;

    private static void Add(Dictionary<int, OrderFigures> figures, int clientId, OrderFigures order) =>
        figures[clientId] = figures.GetValueOrDefault(clientId) + order;

    /// <summary>One order's counter figures (rules.md R8 live tiles) from its lines' open and waiting units.</summary>
    private static OrderFigures Figures(IEnumerable<(int Open, int Waiting)> lines)
    {
        var (open, waiting, waitingLines, units) = (0, 0, 0, 0L);
        foreach (var (o, w) in lines)
        {
            open |= o > 0 ? 1 : 0;
            if (w > 0)
            {
                waiting = 1;
                waitingLines++;
                units += w;
            }
        }

        return new OrderFigures(open, waiting, waitingLines, units);
    }
}
