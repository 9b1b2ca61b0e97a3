using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.Features.Backorders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Dashboard;

/// <summary>
/// The charts' data on <see cref="BackordersDataSet"/> (now = 2 March 2026 09:00 UTC). Waiting lines:
/// SO-3/1 BETA C 4 units, 41 days; SO-1/1 ACME A 3 units, 29 days; SO-2/1 ACME B 3 units, 10 days;
/// SO-6/1 ACME B 1 unit, 8 days; SO-4/1 ACME A 2 units, 2 days.
/// </summary>
public sealed class DashboardChartsTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private DashboardCharts _charts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _charts = new DashboardCharts(_database, new FakeTimeProvider(MudBunitContext.Start));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Waiting_units_fall_into_the_four_age_buckets()
    {
        await SeedAsync();

        var ages = await _charts.WaitingByAgeAsync(null, Ct);

        Assert.Equal(
            [
                new AgeBucketUnits(AgeBucket.UpToWeek, "0–7 days", 1, 2),
                new AgeBucketUnits(AgeBucket.TwoWeeks, "8–14 days", 2, 4),
                new AgeBucketUnits(AgeBucket.Month, "15–30 days", 1, 3),
                new AgeBucketUnits(AgeBucket.OverMonth, "over 30 days", 1, 4),
            ],
            ages);
    }

    [Fact]
    public async Task Age_buckets_of_one_client_leave_the_others_out()
    {
        await SeedAsync();

        var ages = await _charts.WaitingByAgeAsync("ACME", Ct);

        Assert.Equal([2L, 4L, 3L, 0L], ages.Select(a => a.Units));
    }

    [Fact]
    public async Task Waiting_units_by_client_most_first()
    {
        await SeedAsync();

        Assert.Equal([new ClientUnits("ACME", 9), new ClientUnits("BETA", 4)], await _charts.WaitingByClientAsync(null, Ct));
        Assert.Equal([new ClientUnits("BETA", 4)], await _charts.WaitingByClientAsync("BETA", Ct));
    }

    [Fact]
    public async Task An_empty_warehouse_has_empty_buckets_and_no_client()
    {
        Assert.All(await _charts.WaitingByAgeAsync(null, Ct), a => Assert.Equal(0, a.Units));
        Assert.Empty(await _charts.WaitingByClientAsync(null, Ct));
        Assert.Empty(await _charts.TopShortSkusAsync(null, 10, Ct));
        Assert.Empty(await _charts.RecentReceiptsAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Top_short_skus_have_their_oldest_wait_and_next_inbound()
    {
        await SeedAsync();
        await using (var db = _database.CreateDbContext())
        {
            // A: two open PO lines; the earlier date is the next inbound.
            var a = await db.Skus.SingleAsync(s => s.Code == "A", Ct);
            var supplier = new Supplier("NORD", "Nordic Textiles", 10);
            var later = new PurchaseOrder("PO-9", supplier, MudBunitContext.Start.UtcDateTime);
            later.AddLine(a, 10, new DateOnly(2026, 3, 20));
            var sooner = new PurchaseOrder("PO-10", supplier, MudBunitContext.Start.UtcDateTime);
            sooner.AddLine(a, 6, new DateOnly(2026, 3, 10));
            db.PurchaseOrders.AddRange(later, sooner);
            await db.SaveChangesAsync(Ct);
        }

        var top = await _charts.TopShortSkusAsync(null, 10, Ct);

        // A waits 3 + 2 = 5 units; B (3 + 1) and C (4) tie at 4 and go by code.
        Assert.Equal(["A", "B", "C"], top.Select(t => t.Sku));
        Assert.Equal([5, 4, 4], top.Select(t => t.WaitingUnits));
        Assert.Equal([29, 10, 41], top.Select(t => t.OldestWaitDays));
        Assert.Equal([new DateOnly(2026, 3, 10), null, null], top.Select(t => t.NextInbound));
        Assert.Equal(["ACME", "ACME", "BETA"], top.Select(t => t.Client));
        Assert.Equal(["A"], (await _charts.TopShortSkusAsync("ACME", 1, Ct)).Select(t => t.Sku));
    }

    [Fact]
    public async Task Recent_receipts_come_newest_first_and_by_client()
    {
        await SeedAsync();
        await using (var db = _database.CreateDbContext())
        {
            var ids = await db.Skus.ToDictionaryAsync(s => s.Code, s => s.Id, Ct);
            var at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
            db.ReceiptScans.AddRange(
                new ReceiptScan("R-1", ids["A"], 2, "f1", at),
                new ReceiptScan("R-2", ids["C"], 5, "f2", at.AddMinutes(5)),
                new ReceiptScan("R-3", ids["B"], 1, "f3", at.AddMinutes(9)));
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(["R-3", "R-2", "R-1"], (await _charts.RecentReceiptsAsync(null, 10, Ct)).Select(r => r.ScanId));
        Assert.Equal(["R-3", "R-1"], (await _charts.RecentReceiptsAsync("ACME", 10, Ct)).Select(r => r.ScanId));
        Assert.Equal([new RecentReceipt(new DateTime(2026, 3, 2, 8, 5, 0, DateTimeKind.Utc), "R-2", "C", 5)], await _charts.RecentReceiptsAsync("BETA", 10, Ct));
        Assert.Equal(["A"], await _charts.SkusOfClientAsync(["A", "C", "Z"], "ACME", Ct));
    }

    private async Task SeedAsync()
    {
        await using var db = _database.CreateDbContext();
        await BackordersDataSet.SeedAsync(db, Ct);
    }
}
