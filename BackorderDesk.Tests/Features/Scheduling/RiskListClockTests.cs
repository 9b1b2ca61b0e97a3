using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Scheduling;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Scheduling;

/// <summary>
/// The customer-service call lists are computed on read from the app's clock: a line joins the
/// long-wait list once the clock passes its backorder time + the tolerance (21 days), and the
/// re-authorize list once its authorization lapses before its ETA (the ETA moved by the daily rules)
/// or, with no ETA at all, once the authorization has lapsed.
/// Monday 2 Nov 2026, 09:00: SO-1 waits for TENT (PO-1 expected Wed Nov 4: ETA Thu Nov 5) and SO-2
/// for NODATE (no supplier, no ETA); both authorized until Monday Nov 9, 09:00.
/// </summary>
public sealed class RiskListClockTests : IAsyncLifetime
{
    private static readonly DateTime AuthorizedUntil = new(2026, 11, 9, 9, 0, 0, DateTimeKind.Utc);

    private WriterHarness _w = null!;
    private RiskLists _lists = null!;
    private DailyRules _rules = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync();
        _lists = new RiskLists(_w.Database, _w.Time, _w.Options);
        _rules = new DailyRules(_w.Database, _w.Writer, _w.Time, _w.Options);
        var warehouse = new ClockedWarehouse(_w.Database, _w.Writer);
        await warehouse.AddSkuAsync("TENT");
        await warehouse.AddSkuAsync("NODATE", withSupplier: false);
        await warehouse.AddPurchaseOrderAsync("PO-1", "TENT", 10, new DateOnly(2026, 11, 4));
        await warehouse.PlaceAsync("SO-1", "TENT", 3, AuthorizedUntil);
        await warehouse.PlaceAsync("SO-2", "NODATE", 1, AuthorizedUntil);
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task A_line_joins_the_long_wait_list_only_once_the_clock_passes_the_tolerance()
    {
        Assert.Equal(0, (await _lists.HandleAsync(Ct)).LongWaits.Total);

        // Backordered Monday Nov 2, 09:00; 21 days later to the minute is not longer than the tolerance.
        _w.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await _lists.HandleAsync(Ct)).LongWaits.Total);

        _w.Time.Advance(TimeSpan.FromMinutes(1));
        var lists = await _lists.HandleAsync(Ct);
        Assert.Equal(["SO-1", "SO-2"], lists.LongWaits.Lines.Select(l => l.OrderNumber));
    }

    [Fact]
    public async Task The_re_authorize_list_follows_the_clock()
    {
        Assert.Equal(0, (await _lists.HandleAsync(Ct)).AuthorizationExpires.Total);

        // Monday Nov 9, 00:05: PO-1 never came; the daily rules move SO-1 to Tuesday Nov 10, after its authorization.
        _w.Time.SetUtcNow(new DateTimeOffset(2026, 11, 9, 0, 5, 0, TimeSpan.Zero));
        Assert.Equal(0, (await _lists.HandleAsync(Ct)).AuthorizationExpires.Total);
        await _rules.RunAsync(Ct);
        Assert.Equal(["SO-1"], (await _lists.HandleAsync(Ct)).AuthorizationExpires.Lines.Select(l => l.OrderNumber));

        // 09:00: SO-2's authorization has lapsed too, though it has no ETA to compare with.
        _w.Time.SetUtcNow(AuthorizedUntil.AddMinutes(-1));
        Assert.Equal(1, (await _lists.HandleAsync(Ct)).AuthorizationExpires.Total);
        _w.Time.SetUtcNow(AuthorizedUntil);
        Assert.Equal(["SO-1", "SO-2"], (await _lists.HandleAsync(Ct)).AuthorizationExpires.Lines.Select(l => l.OrderNumber));
    }
}
