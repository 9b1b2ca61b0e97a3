using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

/// <summary>
/// The Dashboard's counters move with every write in the writer's transaction. The random-operation
/// proof that they always equal a full recompute is WarehousePropertyTests, whose verify after every
/// step includes the counters check; here the steps are few and the numbers worked out by hand.
/// </summary>
public sealed class OrderCountersTests : IAsyncLifetime
{
    private WriterHarness _harness = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await WriterHarness.CreateAsync();
        await _harness.SeedSkusAsync("A", "B");
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Orders_receipts_and_cancellations_move_the_counters_exactly()
    {
        // Nothing on hand: SO-1 waits for 3 of A, SO-2 for 2 of B.
        await _harness.PlaceOrderAsync("SO-1", "A", 3);
        await _harness.PlaceOrderAsync("SO-2", "B", 2);
        Assert.Equal(new OrderFigures(2, 2, 2, 5), await StoredAsync());

        // 2 of A arrive: SO-1 still waits for 1.
        await ReceiveAsync("A", 2, "R-1");
        Assert.Equal(new OrderFigures(2, 2, 2, 3), await StoredAsync());

        // 2 more of A: SO-1 is fully allocated (open, no longer waiting).
        await ReceiveAsync("A", 2, "R-2");
        Assert.Equal(new OrderFigures(2, 1, 1, 2), await StoredAsync());

        // SO-2's line is cancelled: it is no longer open.
        await _harness.Writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync("SO-2", ct);
                var line = order.Line(1);
                var book = await scope.LoadBookAsync(line.Sku, ct);
                return WarehouseOperations.CancelLine(book, line, null, "test", scope.Operation);
            },
            Ct);
        Assert.Equal(new OrderFigures(1, 0, 0, 0), await StoredAsync());

        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(await StoredAsync(), (await OrderCounters.RecomputeAsync(db, Ct)).Single().Value);

        // Each order computed its SKU's reorder point from the demand at once (3 units of A, 2 of B, over
        // 14 days' lead time: a few units each). A now holds 4, 3 allocated to SO-1 (position 1); B's
        // cancelled line leaves it at 0: both at or below their reorder points.
        Assert.Equal(new StockFigures(2, 2), await StoredStockAsync());
        Assert.Equal(new StockFigures(2, 2), (await OrderCounters.RecomputeStockAsync(db, Ct)).Single().Value);
    }

    [Fact]
    public async Task Purchase_order_lines_count_as_open_until_received_and_late_by_their_day()
    {
        var late = _harness.Time.GetUtcNow().UtcDateTime.AddDays(-2);
        var lateDay = DateOnly.FromDateTime(late);
        var nextWeek = lateDay.AddDays(9);
        await _harness.Writer.WriteAsync(
            async (scope, ct) =>
            {
                var supplier = await scope.Db.Suppliers.SingleAsync(ct);
                var a = await scope.Db.Skus.SingleAsync(s => s.Code == "A", ct);
                var b = await scope.Db.Skus.SingleAsync(s => s.Code == "B", ct);
                var po = new PurchaseOrder("PO-1", supplier, late);
                po.AddLine(a, 5, lateDay);
                po.AddLine(b, 4, nextWeek);
                scope.Db.PurchaseOrders.Add(po);
                return 0;
            },
            Ct);

        Assert.Equal([(lateDay, 1), (nextWeek, 1)], await StoredInboundAsync());
        var figures = await new BackorderDesk.Features.Dashboard.DashboardSummary(_harness.Database, _harness.Time).HandleAsync(Ct);
        Assert.Equal((2, 1), (figures.OpenPurchaseOrderLines, figures.LatePurchaseOrderLines));

        // All 5 of A arrive against PO-1: that line is no longer open.
        await _harness.Writer.WriteAsync(
            async (scope, ct) =>
            {
                var a = await scope.Db.Skus.SingleAsync(s => s.Code == "A", ct);
                var book = await scope.LoadBookAsync(a, ct);
                return WarehouseOperations.Receive(book, 5, "R-PO", book.OpenPoLines.Single(), scope.Operation);
            },
            Ct);

        Assert.Equal([(lateDay, 0), (nextWeek, 1)], await StoredInboundAsync());
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal([((1, nextWeek), 1)], (await OrderCounters.RecomputeInboundAsync(db, Ct)).Select(i => ((i.Key.ClientId, i.Key.Day), i.Value)));
    }

    [Fact]
    public async Task A_refused_command_leaves_the_counters_as_they_were()
    {
        await _harness.PlaceOrderAsync("SO-1", "A", 3);

        await Assert.ThrowsAsync<DomainException>(() => _harness.Writer.WriteAsync<int>(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync("SO-1", ct);
                var book = await scope.LoadBookAsync(order.Line(1).Sku, ct);
                WarehouseOperations.CancelLine(book, order.Line(1), null, "test", scope.Operation);
                await scope.Db.SaveChangesAsync(ct);
                throw new DomainException("Refused after the line was saved.", "qty");
            },
            Ct));

        Assert.Equal(new OrderFigures(1, 1, 1, 3), await StoredAsync());
    }

    [Fact]
    public async Task A_database_without_counters_gets_them_rebuilt_once()
    {
        await _harness.PlaceOrderAsync("SO-1", "A", 3);
        await _harness.PlaceOrderAsync("SO-2", "B", 2);
        await using var db = _harness.Database.CreateDbContext();
        await db.Counters.ExecuteDeleteAsync(Ct);

        await OrderCounters.RebuildIfMissingAsync(db, Ct);

        Assert.Equal(new OrderFigures(2, 2, 2, 5), await StoredAsync());
    }

    private Task<ReceiptOutcome> ReceiveAsync(string sku, int qty, string scanId) =>
        _harness.Writer.WriteAsync(
            async (scope, ct) =>
            {
                var entity = await scope.Db.Skus.SingleAsync(s => s.Code == sku, ct);
                var book = await scope.LoadBookAsync(entity, ct);
                return WarehouseOperations.Receive(book, qty, scanId, null, scope.Operation);
            },
            Ct);

    private async Task<StockFigures> StoredStockAsync()
    {
        await using var db = _harness.Database.CreateDbContext();
        var rows = await db.Counters.ToListAsync(Ct);
        return rows.Aggregate(default(StockFigures), (sum, c) => sum + new StockFigures(c.Skus, c.SkusAtOrBelowReorderPoint));
    }

    private async Task<List<(DateOnly Day, int Lines)>> StoredInboundAsync()
    {
        await using var db = _harness.Database.CreateDbContext();
        var rows = await db.InboundCounters.OrderBy(c => c.ExpectedDate).ToListAsync(Ct);
        return rows.Select(r => (r.ExpectedDate, r.OpenLines)).ToList();
    }

    private async Task<OrderFigures> StoredAsync()
    {
        await using var db = _harness.Database.CreateDbContext();
        var rows = await db.Counters.ToListAsync(Ct);
        return rows.Aggregate(default(OrderFigures), (sum, c) => sum + new OrderFigures(c.OpenOrders, c.OpenOrdersWaiting, c.WaitingLines, c.WaitingUnits));
    }
}
