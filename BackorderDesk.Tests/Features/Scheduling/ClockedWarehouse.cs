using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Scheduling;

/// <summary>
/// Arranges and reads a warehouse for the clock tests, through the real write path of a writer
/// harness or of a running app: a supplier SUP (lead time 14 days, never late so far), SKUs, stock,
/// purchase orders and orders placed at the clock's now.
/// </summary>
public sealed class ClockedWarehouse(IDbContextFactory<WarehouseDbContext> database, WarehouseWriter writer)
{
    private int _scans;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A SKU of SUP, or with neither a supplier nor a lead time (no ETA can be given) when not <paramref name="withSupplier"/>.</summary>
    public async Task AddSkuAsync(string code, SellingPolicy policy = SellingPolicy.Backorderable, DateOnly? releaseDate = null, bool withSupplier = true)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        var client = await db.Clients.FirstOrDefaultAsync(Ct) ?? new Client("ACME", "Acme Outdoor");
        var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Code == "SUP", Ct);
        if (supplier is null)
        {
            supplier = new Supplier("SUP", "Northwind Supply", 14);
            db.Suppliers.Add(supplier);
        }

        var sku = new Sku(code, $"Item {code}", client, SellingPolicy.Backorderable);
        sku.Describe(sku.Name, policy, releaseDate);
        sku.SetSupply(withSupplier ? supplier : null, null, 1, 1, 5m);
        db.Skus.Add(sku);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A purchase order of SUP, placed before the orders it covers.</summary>
    public async Task AddPurchaseOrderAsync(string number, string sku, int qty, DateOnly expected)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        var po = new PurchaseOrder(number, await db.Suppliers.SingleAsync(s => s.Code == "SUP", Ct), new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc));
        po.AddLine(await db.Skus.SingleAsync(s => s.Code == sku, Ct), qty, expected);
        db.PurchaseOrders.Add(po);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Units put on the shelf (as a receipt scan without a purchase order does).</summary>
    public Task ReceiveAsync(string code, int qty) =>
        writer.WriteAsync(
            async (scope, ct) =>
            {
                var sku = await scope.Db.Skus.Include(s => s.Supplier).SingleAsync(s => s.Code == code, ct);
                var book = await scope.LoadBookAsync(sku, ct);
                WarehouseOperations.Receive(book, qty, $"scan-{++_scans}", null, scope.Operation);
                return true;
            },
            Ct);

    /// <summary>An order of one line placed now; its payment authorization lapses at <paramref name="authorizedUntil"/> when given.</summary>
    public Task PlaceAsync(string number, string code, int qty, DateTime? authorizedUntil = null) =>
        writer.WriteAsync(
            async (scope, ct) =>
            {
                var client = await scope.Db.Clients.FirstAsync(ct);
                var customer = new Customer("C-" + number, "Customer " + number, number.ToLowerInvariant() + "@example.com", CustomerType.Dtc);
                var order = new SalesOrder(number, client, customer, "test", scope.Now, ShipPolicy.ShipPartial, OrderPriority.Standard);
                if (authorizedUntil is { } until)
                {
                    order.AuthorizePayment(scope.Now, until);
                }

                var sku = await scope.Db.Skus.Include(s => s.Supplier).SingleAsync(s => s.Code == code, ct);
                var books = new Dictionary<Sku, SkuBook> { [sku] = await scope.LoadBookAsync(sku, ct) };
                order.AddLine(sku, qty);
                WarehouseOperations.PlaceOrder(order, books, scope.Operation);
                scope.Db.Orders.Add(order);
                return true;
            },
            Ct);

    public async Task<SalesOrderLine> LineAsync(string number)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        return await db.OrderLines.AsNoTracking().Include(l => l.Order).SingleAsync(l => l.Order.Number == number, Ct);
    }

    /// <summary>The allocations made for the SKU, in the order they were made: order number, units, cause.</summary>
    public async Task<List<(string Order, int Qty, AllocationCause Cause)>> AllocationsAsync(string sku)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        var rows = await db.Allocations.AsNoTracking()
            .Where(a => a.Line.Sku.Code == sku)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Line.Order.Number, a.Qty, a.Cause })
            .ToListAsync(Ct);
        return rows.Select(r => (r.Number, r.Qty, r.Cause)).ToList();
    }

    public async Task<List<EtaChange>> EtaHistoryAsync(string number)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        return await db.EtaChanges.AsNoTracking().Where(e => e.Line.Order.Number == number).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    public async Task<List<NotificationKind>> NoticesAsync(string number)
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        return await db.Outbox.AsNoTracking().Where(m => m.Order!.Number == number).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync(Ct);
    }

    /// <summary>Rows every rule could write, to show that a run changed nothing.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = await database.CreateDbContextAsync(Ct);
        var lines = await db.OrderLines.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}:{l.AllocatedQty}/{l.EtaFrom}/{l.EtaTo}/{l.EtaConfirmed}/{l.EtaSlips}").ToListAsync(Ct);
        var skus = await db.Skus.AsNoTracking().OrderBy(s => s.Id).Select(s => $"{s.Code}:{s.OnHand}/{s.Allocated}/{s.Backordered}/{s.Version}").ToListAsync(Ct);
        var counts = $"{await db.Allocations.CountAsync(Ct)}/{await db.EtaChanges.CountAsync(Ct)}/{await db.Timeline.CountAsync(Ct)}/{await db.Outbox.CountAsync(Ct)}";
        return string.Join(";", [counts, .. skus, .. lines]);
    }
}
