using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Planning;

/// <summary>An order or adjustment that brings a SKU's IP to or below its ROP tells every screen and hub client at once.</summary>
public sealed class AlertRaisedTests : IAsyncLifetime
{
    private WriterHarness _w = null!;

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync();
        await _w.SeedSkusAsync("TENT");
        await using (var db = _w.Database.CreateDbContext())
        {
            var sku = await db.Skus.SingleAsync(TestContext.Current.CancellationToken);
            // A manual reorder point: a computed one follows each order's demand at once (docs/rules.md R4, "One
            // SKU, one set of planning numbers"), and these tests move only the position across it.
            sku.SetManualPlanning(reorderPoint: 10, safetyStock: 4);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await AdjustAsync(12); // IP 12 > 10: no alert yet
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task An_order_that_takes_the_position_to_the_reorder_point_raises_an_alert()
    {
        await _w.PlaceOrderAsync("SO-1", "TENT", 1); // IP 11: still above
        Assert.Empty(_w.Published.OfType<AlertRaised>());

        await _w.PlaceOrderAsync("SO-2", "TENT", 1); // IP 10 ≤ 10

        Assert.Equal([new AlertRaised("TENT", "BelowReorderPoint")], _w.Published.OfType<AlertRaised>());
    }

    [Fact]
    public async Task An_adjustment_down_raises_it_and_only_the_crossing_does()
    {
        await AdjustAsync(-3); // IP 9
        await AdjustAsync(-1); // IP 8: still below, no second alert

        Assert.Equal([new AlertRaised("TENT", "BelowReorderPoint")], _w.Published.OfType<AlertRaised>());
    }

    [Fact]
    public async Task Cancelling_the_purchase_order_line_that_kept_the_position_up_raises_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = _w.Database.CreateDbContext())
        {
            var po = new PurchaseOrder("PO-1", await db.Suppliers.SingleAsync(ct), _w.Time.GetUtcNow().UtcDateTime);
            po.AddLine(await db.Skus.SingleAsync(ct), 5, new DateOnly(2026, 11, 20));
            db.PurchaseOrders.Add(po);
            await db.SaveChangesAsync(ct);
        }

        await _w.PlaceOrderAsync("SO-1", "TENT", 6); // IP 12 + 5 − 6 = 11: above 10
        Assert.Empty(_w.Published.OfType<AlertRaised>());

        await new CancelPurchaseOrderLine(_w.Writer, new PurchaseOrderDetails(_w.Database)).HandleAsync("PO-1", "TENT", DeskActor.System, ct); // IP 6

        Assert.Equal([new AlertRaised("TENT", "BelowReorderPoint")], _w.Published.OfType<AlertRaised>());
    }

    private Task<bool> AdjustAsync(int delta) =>
        _w.Writer.WriteAsync(async (scope, ct) =>
        {
            var sku = await scope.Db.Skus.SingleAsync(ct);
            WarehouseOperations.Adjust(await scope.LoadBookAsync(sku, ct), delta, "test", scope.Operation);
            return true;
        }, TestContext.Current.CancellationToken);
}
