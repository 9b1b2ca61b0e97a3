using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.Planning;
using BackorderDesk.Live;
using BackorderDesk.Tests.Features.Backorders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardSnapshotsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(MudBunitContext.Start);
    private readonly ChangeFeed _feed = new(NullLogger<ChangeFeed>.Instance);
    private SqliteTestDatabase _database = null!;
    private DashboardSnapshots _snapshots = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        await using (var db = _database.CreateDbContext())
        {
            await BackordersDataSet.SeedAsync(db, Ct);
        }

        var load = new LoadDashboard(
            new DashboardSummary(_database, _time), new ComputeKpis(_database, _time), new DashboardCharts(_database, _time), new ReorderAlerts(_database), _time);
        _snapshots = new DashboardSnapshots(load, _feed, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Dashboards_showing_the_same_view_share_one_read_until_something_changes()
    {
        var first = await _snapshots.GetAsync(new DashboardView("ACME"), Ct);
        var second = await _snapshots.GetAsync(new DashboardView("ACME"), Ct);
        var other = await _snapshots.GetAsync(new DashboardView("BETA"), Ct);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(9, first.Figures.WaitingUnits);
        Assert.Equal(4, other.Figures.WaitingUnits);

        _feed.Publish([new KpisChanged()]);
        var after = await _snapshots.GetAsync(new DashboardView("ACME"), Ct);

        Assert.NotSame(first, after);
        Assert.Equal(9, after.Figures.WaitingUnits);
    }

    [Fact]
    public async Task A_page_that_opens_reads_afresh_and_later_dashboards_share_that_read()
    {
        var first = await _snapshots.GetAsync(new DashboardView("ACME"), Ct);
        var opened = await _snapshots.GetAsync(new DashboardView("ACME"), Ct, fresh: true);
        var shared = await _snapshots.GetAsync(new DashboardView("ACME"), Ct);

        Assert.NotSame(first, opened);
        Assert.Same(opened, shared);
        Assert.Equal(9, opened.Figures.WaitingUnits);
    }
}
