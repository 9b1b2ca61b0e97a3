using BackorderDesk.Domain;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardSummaryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(MudBunitContext.Start);
    private SqliteTestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Counts_the_hand_made_warehouse()
    {
        await using (var db = _database.CreateDbContext())
        {
            await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        }

        var figures = await new DashboardSummary(_database, _time).HandleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            new DashboardFigures(
                SkuCount: 3,
                OpenOrders: 3,
                OpenOrdersWaiting: 2,
                BackorderRatePercent: 200m / 3m,
                WaitingLines: 2,
                WaitingUnits: 6,
                SkusAtOrBelowReorderPoint: 2,
                OpenPurchaseOrderLines: 3,
                LatePurchaseOrderLines: 1),
            figures);
    }

    [Fact]
    public async Task A_purchase_order_line_becomes_late_the_day_after_its_expected_date()
    {
        await using (var db = _database.CreateDbContext())
        {
            await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        }

        var summary = new DashboardSummary(_database, _time);
        _time.Advance(TimeSpan.FromDays(1));

        var figures = await summary.HandleAsync(TestContext.Current.CancellationToken);

        // PO-3 was expected on 2 March; on 3 March it is late too.
        Assert.Equal(2, figures.LatePurchaseOrderLines);
    }

    [Fact]
    public async Task Without_open_orders_there_is_no_backorder_rate()
    {
        await using (var db = _database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            db.AddRange(client, new Sku("A", "Rain jacket", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var figures = await new DashboardSummary(_database, _time).HandleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, figures.SkuCount);
        Assert.Equal(0, figures.OpenOrders);
        Assert.Null(figures.BackorderRatePercent);
        Assert.False(figures.IsEmpty);
    }

    [Fact]
    public async Task An_empty_database_is_empty()
    {
        var figures = await new DashboardSummary(_database, _time).HandleAsync(TestContext.Current.CancellationToken);

        Assert.True(figures.IsEmpty);
        Assert.Equal(0, figures.WaitingUnits);
    }
}
