using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Scheduling;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Scheduling;

/// <summary>
/// The date-driven rules, run directly as a replay runs them after moving its clock. The writer's
/// fake clock starts on Monday 2 Nov 2026, 09:00 UTC; supplier SUP has a 14-day lead time and no
/// lateness history; handling is one working day.
/// </summary>
public abstract class DailyRulesTests(string provider) : IAsyncLifetime
{
    private WriterHarness _w = null!;
    private ClockedWarehouse _warehouse = null!;
    private DailyRules _rules = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync(provider);
        _warehouse = new ClockedWarehouse(_w.Database, _w.Writer);
        _rules = new DailyRules(_w.Database, _w.Writer, _w.Time, _w.Options);
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task A_preorder_release_date_passing_allocates_its_stock_fifo_once()
    {
        await _warehouse.AddSkuAsync("PRE", SellingPolicy.Preorder, releaseDate: new DateOnly(2026, 11, 4));
        await _warehouse.ReceiveAsync("PRE", 5);
        await PlaceAsync("SO-1", "PRE", 2);
        await PlaceAsync("SO-2", "PRE", 2);
        await PlaceAsync("SO-3", "PRE", 3);

        // Monday and Tuesday: not released, so the five units on the shelf wait for Wednesday.
        Assert.Equal((0, 0), Released(await _rules.RunAsync(Ct)));
        MoveTo(2026, 11, 3);
        Assert.Equal((0, 0), Released(await _rules.RunAsync(Ct)));
        Assert.Empty(await _warehouse.AllocationsAsync("PRE"));
        Assert.Equal(new DateOnly(2026, 11, 5), (await _warehouse.LineAsync("SO-1")).EtaFrom); // release day + handling

        // Wednesday 00:05: released. First come, first served: 2, 2 and the last unit to SO-3.
        MoveTo(2026, 11, 4);
        var outcome = await _rules.RunAsync(Ct);
        Assert.Equal((1, 3), Released(outcome));
        Assert.Equal(
            [("SO-1", 2, AllocationCause.PreorderRelease), ("SO-2", 2, AllocationCause.PreorderRelease), ("SO-3", 1, AllocationCause.PreorderRelease)],
            await _warehouse.AllocationsAsync("PRE"));
        var rest = await _warehouse.LineAsync("SO-3");
        Assert.Equal(2, rest.WaitingQty);
        Assert.Equal(new DateOnly(2026, 11, 19), rest.EtaTo); // Nov 4 + 14 days lead time + a working day, unconfirmed

        // The same day again: nothing left to do, nothing written.
        var before = await _warehouse.SnapshotAsync();
        var again = await _rules.RunAsync(Ct);
        Assert.Equal((0, 0, 0, 0), (again.PreordersReleased, again.LinesAllocated, again.SkusRedated, again.EtasChanged));
        Assert.Equal(before, await _warehouse.SnapshotAsync());
    }

    [Fact]
    public async Task A_line_quoted_against_a_purchase_order_that_does_not_arrive_is_re_dated_as_the_days_pass()
    {
        await _warehouse.AddSkuAsync("TENT");
        await _warehouse.AddPurchaseOrderAsync("PO-1", "TENT", 10, new DateOnly(2026, 11, 4));
        await PlaceAsync("SO-1", "TENT", 3);
        var quoted = await _warehouse.LineAsync("SO-1");
        Assert.Equal((new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 5), true), (quoted.EtaFrom, quoted.EtaTo, quoted.EtaConfirmed));

        // Wednesday, the expected day: Thursday is still possible.
        MoveTo(2026, 11, 4);
        Assert.Equal(0, (await _rules.RunAsync(Ct)).EtasChanged);

        // Thursday, nothing received: the earliest shipment is now Friday.
        MoveTo(2026, 11, 5);
        var outcome = await _rules.RunAsync(Ct);
        Assert.Equal((1, 1), (outcome.SkusRedated, outcome.EtasChanged));
        var line = await _warehouse.LineAsync("SO-1");
        Assert.Equal((new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 6), true), (line.EtaFrom, line.EtaTo, line.EtaConfirmed));
        Assert.True(line.EtaFrom >= EtaCalculator.AddWorkingDays(new DateOnly(2026, 11, 5), 1));
        var change = (await _warehouse.EtaHistoryAsync("SO-1"))[^1];
        Assert.StartsWith(DailyRules.DatePassedReason, change.Reason, StringComparison.Ordinal);
        Assert.Equal(1, line.EtaSlips); // a slip (whether a change slipped is counted on the line, not stored on the change)
        Assert.Equal([NotificationKind.Backordered, NotificationKind.DelayNotice], await _warehouse.NoticesAsync("SO-1"));

        // Over the weekend to Monday: Tuesday at the earliest, the second slip makes it a rolling backorder.
        MoveTo(2026, 11, 9);
        await _rules.RunAsync(Ct);
        line = await _warehouse.LineAsync("SO-1");
        Assert.Equal(new DateOnly(2026, 11, 10), line.EtaFrom);
        Assert.True(line.IsRollingBackorder);

        var before = await _warehouse.SnapshotAsync();
        Assert.Equal(0, (await _rules.RunAsync(Ct)).EtasChanged);
        Assert.Equal(before, await _warehouse.SnapshotAsync());
    }

    [Fact]
    public async Task An_unconfirmed_estimate_moves_with_the_clock_and_slips_only_once_the_quoted_range_has_ended()
    {
        await _warehouse.AddSkuAsync("LAMP");

        // No purchase order: Monday Nov 2 + 14 days = Nov 16, plus a working day: Tuesday Nov 17.
        await PlaceAsync("SO-1", "LAMP", 1);
        Assert.Equal(new DateOnly(2026, 11, 17), (await _warehouse.LineAsync("SO-1")).EtaTo);

        // Tuesday: today + lead time is a day later. The customer was told Nov 17, which has not passed.
        MoveTo(2026, 11, 3);
        Assert.Equal(1, (await _rules.RunAsync(Ct)).EtasChanged);
        var line = await _warehouse.LineAsync("SO-1");
        Assert.Equal((new DateOnly(2026, 11, 18), false, 0), (line.EtaTo!.Value, line.EtaConfirmed, line.EtaSlips));
        var drift = (await _warehouse.EtaHistoryAsync("SO-1"))[^1];
        Assert.StartsWith(DailyRules.DayPassedReason, drift.Reason, StringComparison.Ordinal);
        Assert.Equal([NotificationKind.Backordered], await _warehouse.NoticesAsync("SO-1"));

        // Wednesday Nov 18: the Nov 17 estimate the customer was given has passed: this move is a slip.
        MoveTo(2026, 11, 18);
        await _rules.RunAsync(Ct);
        line = await _warehouse.LineAsync("SO-1");
        Assert.Equal((new DateOnly(2026, 12, 3), 1), (line.EtaTo!.Value, line.EtaSlips)); // Nov 18 + 14 days + a working day
        Assert.Equal([NotificationKind.Backordered, NotificationKind.DelayNotice], await _warehouse.NoticesAsync("SO-1"));
    }

    [Fact]
    public async Task Lines_whose_dates_still_hold_are_left_alone()
    {
        await _warehouse.AddSkuAsync("TENT");
        await _warehouse.AddSkuAsync("NODATE", withSupplier: false);
        await _warehouse.AddPurchaseOrderAsync("PO-1", "TENT", 10, new DateOnly(2026, 11, 20));
        await PlaceAsync("SO-1", "TENT", 3);
        await PlaceAsync("SO-2", "NODATE", 1);
        var before = await _warehouse.SnapshotAsync();

        MoveTo(2026, 11, 10);
        var outcome = await _rules.RunAsync(Ct);

        Assert.Equal(DailyRulesOutcome.None, outcome);
        Assert.Equal(before, await _warehouse.SnapshotAsync());
    }

    private async Task PlaceAsync(string number, string sku, int qty)
    {
        _w.Time.Advance(TimeSpan.FromMinutes(1)); // distinct placement times: FIFO is by the time placed
        await _warehouse.PlaceAsync(number, sku, qty);
    }

    /// <summary>Moves the clock to 00:05 UTC of the day, when the daily run happens.</summary>
    private void MoveTo(int year, int month, int day) =>
        _w.Time.SetUtcNow(new DateTimeOffset(year, month, day, 0, 5, 0, TimeSpan.Zero));

    private static (int Preorders, int Lines) Released(DailyRulesOutcome outcome) => (outcome.PreordersReleased, outcome.LinesAllocated);

    public sealed class OnSqlite() : DailyRulesTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : DailyRulesTests(DatabaseProvider.Postgres);
}
