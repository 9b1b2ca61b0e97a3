using BackorderDesk.Data;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Data;

/// <summary>Two app instances (two <see cref="BackgroundLeases"/> with their own names) sharing one database.</summary>
public abstract class BackgroundLeaseTests(Func<Task<IDbContextFactory<WarehouseDbContext>>> createDatabase) : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private IDbContextFactory<WarehouseDbContext> _database = null!;
    private BackgroundLeases _a = null!;
    private BackgroundLeases _b = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await createDatabase();
        _a = new BackgroundLeases(_database, new AppInstance(), _time);
        _b = new BackgroundLeases(_database, new AppInstance(), _time);
    }

    public async ValueTask DisposeAsync() => await ((IAsyncDisposable)_database).DisposeAsync();

    [Fact]
    public async Task Two_instances_asking_at_once_get_one_holder()
    {
        var ct = TestContext.Current.CancellationToken;

        var answers = await Task.WhenAll(
            _a.TryTakeAsync(BackgroundLeases.OutboxDelivery, Minute, ct),
            _b.TryTakeAsync(BackgroundLeases.OutboxDelivery, Minute, ct));

        Assert.Equal(1, answers.Count(taken => taken));
        var (holder, other) = answers[0] ? (_a, _b) : (_b, _a);
        Assert.Equal(holder.Holder, await other.HolderOfAsync(BackgroundLeases.OutboxDelivery, ct));
        Assert.False(await other.TryTakeAsync(BackgroundLeases.OutboxDelivery, Minute, ct));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_renewed_lease_stays_and_one_left_to_run_out_passes_to_the_other_instance()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await _a.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await _a.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct)); // renewed until 09:01:50
        _time.Advance(TimeSpan.FromSeconds(50)); // 09:01:40
        Assert.False(await _b.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct));

        _time.Advance(TimeSpan.FromSeconds(10)); // 09:01:50: run out
        Assert.Null(await _b.HolderOfAsync(BackgroundLeases.NightlyPlanning, ct));
        Assert.True(await _b.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct));
        Assert.False(await _a.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct));
        Assert.Equal(_b.Holder, await _a.HolderOfAsync(BackgroundLeases.NightlyPlanning, ct));
    }

    [Fact]
    public async Task Each_piece_of_work_has_its_own_lease()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await _a.TryTakeAsync(BackgroundLeases.NightlyPlanning, Minute, ct));
        Assert.True(await _b.TryTakeAsync(BackgroundLeases.OutboxDelivery, Minute, ct));

        Assert.Equal(_a.Holder, await _b.HolderOfAsync(BackgroundLeases.NightlyPlanning, ct));
        Assert.Equal(_b.Holder, await _a.HolderOfAsync(BackgroundLeases.OutboxDelivery, ct));
        Assert.Equal(2, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Leases.CountAsync(TestContext.Current.CancellationToken);
    }

    public sealed class OnSqlite() : BackgroundLeaseTests(async () => await SqliteTestDatabase.CreateAsync());

    public sealed class OnPostgres() : BackgroundLeaseTests(async () => await PostgresTestDatabase.CreateAsync());
}
