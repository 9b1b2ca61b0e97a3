using BackorderDesk.Domain;
using BackorderDesk.Features.Verify;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Verify;

/// <summary>
/// Each test tampers with its own copy of a seeded small warehouse in one way and expects verify
/// to name the SKU. Tampering goes around the domain on purpose (SQL updates), as a bug or a
/// hand edit would.
/// </summary>
public sealed class WarehouseVerifierTests(SmallWarehouse warehouse) : IClassFixture<SmallWarehouse>, IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _database = SqliteTestDatabase.CopyOf(warehouse.Database);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_freshly_seeded_warehouse_is_clean()
    {
        var report = await VerifyAsync();

        Assert.True(report.IsClean, string.Join("\n", report.Drifts.Take(20)));
        Assert.Contains(": clean.", report.Summary);
        Assert.Contains(report.Checked, c => c.What == "SKUs" && c.Count == warehouse.Profile.Skus);
    }

    [Fact]
    public async Task A_tampered_dashboard_counter_is_a_counters_drift_of_that_client()
    {
        await using var db = _database.CreateDbContext();
        var row = await db.Counters.OrderBy(c => c.ClientId).FirstAsync(Ct);
        var code = await db.Clients.Where(c => c.Id == row.ClientId).Select(c => c.Code).SingleAsync(Ct);
        await db.Counters.Where(c => c.ClientId == row.ClientId).ExecuteUpdateAsync(c => c.SetProperty(x => x.WaitingUnits, x => x.WaitingUnits + 7), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        var drift = Assert.Single(report.Drifts);
        Assert.Equal("counters", drift.Check);
        Assert.Equal(code, drift.Subject);
        Assert.Equal(
            $"counters open orders {row.OpenOrders}, waiting orders {row.OpenOrdersWaiting}, waiting lines {row.WaitingLines}, waiting units {row.WaitingUnits + 7}; " +
            $"recomputed {row.OpenOrders}, {row.OpenOrdersWaiting}, {row.WaitingLines}, {row.WaitingUnits}",
            drift.Detail);
    }

    [Fact]
    public async Task A_tampered_sku_or_inbound_counter_is_named()
    {
        await using var db = _database.CreateDbContext();
        var row = await db.Counters.OrderBy(c => c.ClientId).FirstAsync(Ct);
        var inbound = await db.InboundCounters.Where(c => c.OpenLines > 0).OrderBy(c => c.ClientId).ThenBy(c => c.ExpectedDate).FirstAsync(Ct);
        await db.Counters.Where(c => c.ClientId == row.ClientId).ExecuteUpdateAsync(c => c.SetProperty(x => x.SkusAtOrBelowReorderPoint, x => x.SkusAtOrBelowReorderPoint - 1), Ct);
        await db.InboundCounters.Where(c => c.ClientId == inbound.ClientId && c.ExpectedDate == inbound.ExpectedDate)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.OpenLines, x => x.OpenLines + 2), Ct);

        var report = await VerifyAsync();

        Assert.Equal(2, report.DriftCount);
        Assert.Contains(report.Drifts, d => d.Check == "counters"
            && d.Detail == $"counters SKUs {row.Skus}, at or below reorder point {row.SkusAtOrBelowReorderPoint - 1}; recomputed {row.Skus}, {row.SkusAtOrBelowReorderPoint}");
        Assert.Contains(report.Drifts, d => d.Check == "counters"
            && d.Detail == $"counters open purchase-order lines expected {inbound.ExpectedDate:yyyy-MM-dd} {inbound.OpenLines + 2}, recomputed {inbound.OpenLines}");
    }

    [Fact]
    public async Task Seeded_counters_equal_the_recompute_and_are_not_empty()
    {
        await using var db = _database.CreateDbContext();
        var stored = await db.Counters.ToListAsync(Ct);
        var recomputed = await BackorderDesk.Data.OrderCounters.RecomputeAsync(db, Ct);

        Assert.NotEmpty(stored);
        Assert.Contains(stored, c => c.WaitingUnits > 0);
        Assert.Equal(
            recomputed.OrderBy(r => r.Key).Select(r => (r.Key, r.Value)),
            stored.OrderBy(c => c.ClientId).Select(c => (c.ClientId, new BackorderDesk.Data.OrderFigures(c.OpenOrders, c.OpenOrdersWaiting, c.WaitingLines, c.WaitingUnits))));
    }

    [Fact]
    public async Task A_stray_ledger_row_is_an_on_hand_drift()
    {
        await using var db = _database.CreateDbContext();
        var sku = await db.Skus.OrderBy(s => s.Id).Select(s => new { s.Id, s.Code, s.OnHand }).FirstAsync(Ct);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO StockLedger (SkuId, Kind, Qty, At, Cause) VALUES ({sku.Id}, 'Adjustment', 5, '2026-11-22 10:00:00', 'stray')", Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Drifts, d => d.Subject == sku.Code && d.Detail == $"on hand cached {sku.OnHand}, ledger {sku.OnHand + 5}");
    }

    [Fact]
    public async Task A_changed_cached_column_is_a_drift_of_that_bucket()
    {
        await using var db = _database.CreateDbContext();
        var sku = await db.Skus.OrderBy(s => s.Id).Select(s => new { s.Id, s.Code, s.Backordered }).FirstAsync(Ct);
        await db.Skus.Where(s => s.Id == sku.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Backordered, x => x.Backordered + 3), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Drifts, d => d.Subject == sku.Code && d.Detail == $"backordered cached {sku.Backordered + 3}, recomputed {sku.Backordered}");
    }

    [Fact]
    public async Task A_changed_live_quantity_is_an_allocation_drift()
    {
        await using var db = _database.CreateDbContext();
        var allocation = await db.Allocations.Where(a => a.LiveQty > 0).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Line.Sku.Code }).FirstAsync(Ct);
        await db.Allocations.Where(a => a.Id == allocation.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.LiveQty, x => x.LiveQty - 1), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Drifts, d => d.Subject == allocation.Code && d.Check == "allocated");
        Assert.Contains(report.Drifts, d => d.Subject == allocation.Code && d.Check == "line allocations");
    }

    [Fact]
    public async Task An_over_allocated_line_is_named()
    {
        await using var db = _database.CreateDbContext();
        var line = await db.OrderLines.Where(l => l.ShippedQty > 0).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Sku.Code, l.Order.Number, l.LineNumber }).FirstAsync(Ct);
        await db.OrderLines.Where(l => l.Id == line.Id)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.AllocatedQty, x => x.OrderedQty - x.ShippedQty - x.CancelledQty + 1), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Drifts, d => d.Subject == line.Code && d.Check == "line quantities" && d.Detail.StartsWith($"line {line.Number}/{line.LineNumber} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scan_applied_twice_is_named()
    {
        await using var db = _database.CreateDbContext();
        var receipt = await db.Ledger.Where(m => m.Kind == MovementKind.Receipt && m.ScanId != null).OrderBy(m => m.Id)
            .Select(m => new { m.SkuId, m.Sku.Code, m.ScanId, m.Qty }).FirstAsync(Ct);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO StockLedger (SkuId, Kind, Qty, At, Cause, ScanId) VALUES ({receipt.SkuId}, 'Receipt', {receipt.Qty}, '2026-11-22 10:00:00', 'retry', {receipt.ScanId})", Ct);
        await db.Skus.Where(s => s.Id == receipt.SkuId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + receipt.Qty), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Drifts, d => d.Subject == receipt.Code && d.Check == "receipt scan" && d.Detail.Contains(receipt.ScanId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stock_left_idle_while_an_allocatable_line_waits_is_named()
    {
        await using var db = _database.CreateDbContext();
        var today = SeededWarehouse.Today;
        var sku = await db.Skus
            .Where(s => s.Policy != SellingPolicy.Preorder || s.ReleaseDate <= today)
            .Where(s => db.OrderLines.Any(l => l.SkuId == s.Id && !l.OnHold && l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Code }).FirstAsync(Ct);

        // Units booked consistently (ledger and cache agree) but never allocated.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO StockLedger (SkuId, Kind, Qty, At, Cause) VALUES ({sku.Id}, 'Adjustment', 4, '2026-11-22 10:00:00', 'found')", Ct);
        await db.Skus.Where(s => s.Id == sku.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + 4), Ct);

        var report = await VerifyAsync();

        Assert.False(report.IsClean);
        var drift = Assert.Single(report.Drifts);
        Assert.Equal(("idle stock", sku.Code), (drift.Check, drift.Subject));
    }

    [Fact]
    public async Task The_report_prints_a_capped_list_and_a_summary()
    {
        await using var db = _database.CreateDbContext();
        await db.Skus.ExecuteUpdateAsync(s => s.SetProperty(x => x.OnOrder, x => x.OnOrder + 1), Ct);

        var report = await VerifyAsync();
        var output = new StringWriter();
        report.WriteTo(output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Every SKU's on order drifts; the raised positions also move SKUs off their reorder point
        // behind the Dashboard counters' back, which verify names too.
        Assert.Equal(warehouse.Profile.Skus, report.Drifts.Count(d => d.Check == "on order"));
        Assert.Equal(report.DriftCount, report.Drifts.Count);
        Assert.All(report.Drifts.Where(d => d.Check != "on order"), d => Assert.Equal("counters", d.Check));
        Assert.Equal(VerifyReport.PrintedDrifts + 2, lines.Length);
        Assert.StartsWith("… and ", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("verify: checked ", lines[^1], StringComparison.Ordinal);
    }

    private Task<VerifyReport> VerifyAsync() => SeededWarehouse.Verifier(_database).VerifyAsync(Ct);
}
