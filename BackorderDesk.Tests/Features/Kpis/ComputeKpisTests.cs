using BackorderDesk.Data;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Kpis;

/// <summary>The KPIs of <see cref="KpiDataSet"/>, every value worked out by hand.</summary>
public class ComputeKpisTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="ComputeKpisTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private static readonly KpiPeriod Period = new(KpiDataSet.From, KpiDataSet.To);

    private readonly FakeTimeProvider _time = new(KpiDataSet.Now);
    private ITestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(Provider);

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_kpi_of_the_hand_made_warehouse()
    {
        await SeedAsync();

        var kpis = await Compute().HandleAsync(Period, null, TestContext.Current.CancellationToken);

        Assert.Equal(
            new KpiFigures(
                KpiDataSet.From,
                KpiDataSet.To,
                null,
                // O1..O6 placed in the period; O2, O3, O6 backordered at placement: 3 of 6.
                BackorderRate: 50.0m,
                // Open now: O2 (allocated, unshipped), O3, O6, O7; waiting: O3, O6, O7: 3 of 4.
                CurrentBackorderRate: 75.0m,
                // Lines placed in the period: O1A O2A O2B O3B O3C O4A O5A O6Z; fully allocated at placement: the four A lines.
                LineFillRate: 50.0m,
                // Shipped complete in the period: O0 (by 16 Nov), O1 (on 3 Nov), O4 (late), O5 (a cancellation): 2 of 4.
                PerfectOrderRate: 50.0m,
                // Still waiting: O3 B since 3 Nov 10:00 (170 h), O6 Z since 6 Nov 12:00 (96 h), O7 B since 9 Nov 10:00 (26 h): 292 h / 3 / 24.
                AverageBackorderAgeDays: 4.06m,
                // Filled in the period: O0 B (74 h), O2 B (49 h), O3 C (71 h): 194 h / 3 / 24 = 2.694.
                TimeToFillDays: 2.69m,
                // Lines placed in the period that went on backorder: O2B, O3B (1 cancelled), O3C, O6Z: 1 of 4.
                BackorderCancellationRate: 25.0m,
                // Backordered lines shipped in the period: O0 B on 8 Nov (first ETA 16 Nov, kept), O3 C on 7 Nov (first ETA 5 Nov, missed).
                EtaAccuracy: 50.0m,
                OrdersPlaced: 6,
                OrdersBackordered: 3),
            kpis);
    }

    [Fact]
    public async Task The_client_filter_counts_only_that_clients_orders()
    {
        await SeedAsync();
        var compute = Compute();

        var acme = await compute.HandleAsync(Period, "ACME", TestContext.Current.CancellationToken);
        var beta = await compute.HandleAsync(Period, "BETA", TestContext.Current.CancellationToken);

        // ACME: O1..O5, O2 and O3 backordered (2 of 5); open O2, O3, O7, waiting O3, O7 (2 of 3);
        // lines 4 of 7 filled at placement; backordered lines O2B, O3B (cancelled), O3C: 1 of 3;
        // ages 170 h and 26 h: 98 h = 4.083 days. Shipments, fills and ETAs are all ACME's.
        Assert.Equal(
            new KpiFigures(KpiDataSet.From, KpiDataSet.To, "ACME", 40.0m, 66.67m, 57.14m, 50.0m, 4.08m, 2.69m, 33.33m, 50.0m, 5, 2),
            acme);

        // BETA: O6 only, waiting 4 days (96 h), nothing shipped or filled.
        Assert.Equal(
            new KpiFigures(KpiDataSet.From, KpiDataSet.To, "BETA", 100.0m, 100.0m, 0.0m, null, 4.00m, null, 0.0m, null, 1, 1),
            beta);
    }

    [Fact]
    public async Task A_period_without_orders_has_no_period_rates_but_keeps_the_live_ones()
    {
        await SeedAsync();

        var kpis = await Compute().HandleAsync(new KpiPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), null, TestContext.Current.CancellationToken);

        Assert.Equal(
            new KpiFigures(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), null, null, 75.0m, null, null, 4.06m, null, null, null, 0, 0),
            kpis);
    }

    [Fact]
    public async Task An_empty_warehouse_has_no_rate_and_no_age()
    {
        var kpis = await Compute().HandleAsync(Period, null, TestContext.Current.CancellationToken);

        Assert.Equal(new KpiFigures(KpiDataSet.From, KpiDataSet.To, null, null, null, null, null, null, null, null, null, 0, 0), kpis);
    }

    [Fact]
    public async Task The_period_is_whole_utc_days_both_ends_included()
    {
        await SeedAsync();

        // 1 Nov holds O0 (backordered); 9 Nov holds O7 (backordered). 3 Nov alone holds O3.
        var first = await Compute().HandleAsync(new KpiPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)), null, TestContext.Current.CancellationToken);
        var single = await Compute().HandleAsync(new KpiPeriod(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3)), null, TestContext.Current.CancellationToken);

        Assert.Equal((1, 1, 100.0m), (first.OrdersPlaced, first.OrdersBackordered, first.BackorderRate));
        Assert.Equal((1, 1), (single.OrdersPlaced, single.OrdersBackordered));

        // O1 shipped on 3 Nov at 23:30, its promised day: perfect, and inside a period ending on 3 Nov.
        Assert.Equal(100.0m, single.PerfectOrderRate);
    }

    [Fact]
    public async Task An_unknown_client_is_not_found()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Compute().HandleAsync(Period, "NOPE", TestContext.Current.CancellationToken));

        Assert.Equal("Client NOPE does not exist.", error.Message);
    }

    [Fact]
    public async Task The_daily_series_lists_every_day_with_its_backorder_rate()
    {
        await SeedAsync();

        var days = await Compute().DailyAsync(new KpiPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 9)), null, TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new DailyBackorderRate(new DateOnly(2026, 11, 1), 1, 1, 100.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 2), 2, 1, 50.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 3), 1, 1, 100.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 4), 1, 0, 0.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 5), 1, 0, 0.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 6), 1, 1, 100.0m),
                new DailyBackorderRate(new DateOnly(2026, 11, 7), 0, 0, null),
                new DailyBackorderRate(new DateOnly(2026, 11, 8), 0, 0, null),
                new DailyBackorderRate(new DateOnly(2026, 11, 9), 1, 1, 100.0m),
            ],
            days);
    }

    [Fact]
    public async Task The_daily_series_filters_by_client()
    {
        await SeedAsync();

        var days = await Compute().DailyAsync(new KpiPeriod(new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 6)), "BETA", TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new DailyBackorderRate(new DateOnly(2026, 11, 5), 0, 0, null),
                new DailyBackorderRate(new DateOnly(2026, 11, 6), 1, 1, 100.0m),
            ],
            days);
    }

    private ComputeKpis Compute() => new(_database, _time);

    private async Task SeedAsync()
    {
        await using var db = _database.CreateDbContext();
        await KpiDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }
}

/// <summary>Every test of <see cref="ComputeKpisTests"/> on PostgreSQL.</summary>
public sealed class ComputeKpisTestsOnPostgres : ComputeKpisTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
