using BackorderDesk.Domain;
using BackorderDesk.Features.Planning;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class RecomputePlanningTests : IAsyncLifetime
{
    private WriterHarness _w = null!;

    private DateOnly Today => DateOnly.FromDateTime(_w.Time.GetUtcNow().UtcDateTime);

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync();
        await using var db = _w.Database.CreateDbContext();
        await PlanningDataSet.SeedAsync(db, Today);
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private RecomputePlanning Recompute() => new(_w.Database, _w.Writer, _w.Time, NullLogger<RecomputePlanning>.Instance);

    [Fact]
    public async Task Recompute_stores_every_skus_inputs_safety_stock_and_reorder_point()
    {
        var steps = new List<RecomputeProgress>();
        var result = await Recompute().HandleAsync(null, new SyncProgress(steps), TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Skus);
        await using var db = _w.Database.CreateDbContext();
        var skus = await db.Skus.ToDictionaryAsync(s => s.Code, TestContext.Current.CancellationToken);

        // HOT: A 98% (z 2.054), d̄ 3, σd 1, L 10, σL 2 → SS = 2.054 · √46 = 13.93 → 14, ROP = 30 + 14 = 44.
        var hot = skus["HOT"];
        Assert.Equal(AbcClass.A, hot.AbcClass);
        Assert.Equal(98m, hot.ServiceLevel);
        Assert.Equal(3.0, hot.DemandMean, 1e-9);
        Assert.Equal(1.0, hot.DemandStdDev, 1e-9);
        Assert.Equal(10.0, hot.LeadTimeMean, 1e-9);
        Assert.Equal(2.0, hot.LeadTimeStdDev, 1e-9);
        Assert.True(hot.LeadTimeFromHistory);
        Assert.Equal((14, 44), (hot.ComputedSafetyStock, hot.ComputedReorderPoint));
        Assert.Equal(_w.Time.GetUtcNow().UtcDateTime, hot.PlanningComputedAt);

        // MID: B 95% → SS = 1.645 · √(10 · 89 + 1² · 2²) = 49.19 → 50, ROP = 10 + 50 = 60.
        Assert.Equal(AbcClass.B, skus["MID"].AbcClass);
        Assert.Equal(Math.Sqrt(89), skus["MID"].DemandStdDev, 1e-9);
        Assert.Equal((50, 60), (skus["MID"].ComputedSafetyStock, skus["MID"].ComputedReorderPoint));

        // LOW: C, but its own 99% (z 2.326): SS = 2.326 · √(10 · 0.0989 + (1/30)² · 4) = 2.32 → 3, ROP = ⌈1/3 + 3⌉ = 4.
        Assert.Equal(AbcClass.C, skus["LOW"].AbcClass);
        Assert.Equal(99m, skus["LOW"].ServiceLevel);
        Assert.Equal((3, 4), (skus["LOW"].ComputedSafetyStock, skus["LOW"].ComputedReorderPoint));

        // NONE: no demand → C, SS 0, ROP 0 computed; its manual 5 still applies.
        Assert.Equal(AbcClass.C, skus["NONE"].AbcClass);
        Assert.Equal((0, 0, 5), (skus["NONE"].ComputedSafetyStock, skus["NONE"].ComputedReorderPoint, skus["NONE"].ReorderPoint));

        Assert.Equal(new RecomputeProgress("Writing reorder points", 4, 4), steps[^1]);
    }

    [Fact]
    public async Task Skus_the_new_reorder_point_puts_in_alert_raise_alert_raised()
    {
        // Stock found: HOT −1,260 + 1,300 = IP 40, MID −80 + 100 = IP 20, both above their reorder point of 0.
        await AdjustAsync("HOT", 1_300);
        await AdjustAsync("MID", 100);
        Assert.Empty(_w.Published.OfType<AlertRaised>());

        await Recompute().HandleAsync(null, null, TestContext.Current.CancellationToken);

        // HOT 40 ≤ 44 and MID 20 ≤ 60 now; LOW (IP −3) and NONE (0 ≤ 5) were at or below theirs already.
        var alerts = _w.Published.OfType<AlertRaised>().Select(a => a.Sku).Order().ToList();
        Assert.Equal(["HOT", "MID"], alerts);
    }

    [Fact]
    public async Task A_client_service_level_applies_to_skus_without_their_own()
    {
        await using (var db = _w.Database.CreateDbContext())
        {
            var client = await db.Clients.SingleAsync(TestContext.Current.CancellationToken);
            client.SetPlanning(7, 99m);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Recompute().HandleAsync("ACME", null, TestContext.Current.CancellationToken);

        await using var check = _w.Database.CreateDbContext();
        var hot = await check.Skus.SingleAsync(s => s.Code == "HOT", TestContext.Current.CancellationToken);

        // z 2.326: SS = 2.326 · √46 = 15.78 → 16; ROP = 30 + 16 = 46.
        Assert.Equal(99m, hot.ServiceLevel);
        Assert.Equal((16, 46), (hot.ComputedSafetyStock, hot.ComputedReorderPoint));
    }

    [Fact]
    public async Task A_manual_safety_stock_feeds_the_stored_reorder_point()
    {
        await using (var db = _w.Database.CreateDbContext())
        {
            var hot = await db.Skus.SingleAsync(s => s.Code == "HOT", TestContext.Current.CancellationToken);
            hot.SetManualPlanning(null, 20);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Recompute().HandleAsync(null, null, TestContext.Current.CancellationToken);

        await using var check = _w.Database.CreateDbContext();
        var stored = await check.Skus.SingleAsync(s => s.Code == "HOT", TestContext.Current.CancellationToken);

        // Computed SS stays 14; the reorder point that applies is d̄ · L + manual SS = 30 + 20.
        Assert.Equal(14, stored.ComputedSafetyStock);
        Assert.Equal(50, stored.ReorderPoint);
        Assert.Equal(20, stored.SafetyStock);
        Assert.True(stored.ReorderPointIsManual);
    }

    [Fact]
    public async Task An_unknown_client_is_refused()
    {
        await Assert.ThrowsAsync<BackorderDesk.Hosting.NotFoundException>(() => Recompute().HandleAsync("NOPE", null, TestContext.Current.CancellationToken));
    }

    private Task<bool> AdjustAsync(string code, int delta) =>
        _w.Writer.WriteAsync(async (scope, ct) =>
        {
            var sku = await scope.Db.Skus.SingleAsync(s => s.Code == code, ct);
            WarehouseOperations.Adjust(await scope.LoadBookAsync(sku, ct), delta, "found", scope.Operation);
            return true;
        }, TestContext.Current.CancellationToken);

    private sealed class SyncProgress(List<RecomputeProgress> steps) : IProgress<RecomputeProgress>
    {
        public void Report(RecomputeProgress value) => steps.Add(value);
    }
}
