using BackorderDesk.Domain;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackorderDesk.Tests.Features.Suppliers;

/// <summary>
/// A supplier's real history, built with the warehouse operations and stored in a SQLite database:
/// 40 cycles from Mon 2 Nov 2026, each a PO expected 3 days out, one unit ordered against it (quoted
/// on the PO's date), the PO received and the line shipped the next working day. Every tenth PO
/// (cycles 9, 19, 29, 39) comes 10 days late, the rest on time. So P90 of the lateness stays 0 and
/// P50–P90 ranges break on 4 of 40 lines (90 %), while P95 reaches 10 days as soon as one late receipt
/// is known, and the P?–P95 and wider pairs break only on cycle 9's line (39 of 40, 97.5 %), all alike:
/// the first of them, P25–P95, is chosen. A line of cycle 41 still waits on an open PO.
/// </summary>
public sealed class EtaRangeTunerTests : IAsyncLifetime
{
    private WriterHarness _w = null!;

    private DateOnly _waitingPoDate; // a Tuesday a week or two after the history

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync();
        var scenario = new WarehouseScenario();
        var sku = scenario.AddSku("TENT");
        var pos = new List<PurchaseOrder>();
        var delays = new List<int>();
        for (var cycle = 0; cycle < 40; cycle++)
        {
            var expected = scenario.Today.AddDays(3);
            pos.Add(scenario.AddPurchaseOrder(sku, 1, expected, $"PO-{cycle}").PurchaseOrder);
            var order = scenario.Place(sku, 1);
            Assert.Equal(expected, order.Lines[0].FirstEtaArrival);
            var delay = cycle % 10 == 9 ? 10 : 0;
            scenario.Now = expected.AddDays(delay).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            scenario.Receive(sku, 1);
            scenario.Now = EtaCalculator.AddWorkingDays(scenario.Today, 1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            scenario.Ship(order);
            delays.Add(delay);
            scenario.Now = scenario.Now.AddDays(1);
        }

        // A line cancelled after its quote tells nothing about the promise: it is left out.
        var cancelled = scenario.Place(sku, 1);
        Assert.NotNull(cancelled.Lines[0].FirstEtaArrival);
        scenario.Cancel(cancelled);

        scenario.Supplier.SetLatenessFrom(delays); // what receipts kept stored: P50–P90 → 0–0
        _waitingPoDate = scenario.Today.AddDays(7);
        while (_waitingPoDate.DayOfWeek != DayOfWeek.Tuesday)
        {
            _waitingPoDate = _waitingPoDate.AddDays(1);
        }

        pos.Add(scenario.AddPurchaseOrder(sku, 1, _waitingPoDate, "PO-WAIT").PurchaseOrder);
        scenario.Place(sku, 1);

        await using var db = _w.Database.CreateDbContext();
        db.Add(scenario.Supplier);
        db.Add(sku);
        db.AddRange(pos);
        db.AddRange(scenario.Orders);
        await db.SaveChangesAsync(Ct);
        _w.Time.SetUtcNow(new DateTimeOffset(scenario.Now.AddDays(1)));
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private EtaRangeTuner Tuner() => new(_w.Database, _w.Writer, _w.Options, NullLogger<EtaRangeTuner>.Instance);

    [Fact]
    public async Task Evaluation_scores_every_candidate_from_the_stored_history()
    {
        var evaluated = await Tuner().EvaluateAsync(_w.Time.GetUtcNow().UtcDateTime.AddDays(-365), Ct);

        var tuning = evaluated["SUP"];
        var byChoice = tuning.Scores.ToDictionary(s => s.Choice);
        Assert.Equal((40, 36), (byChoice[new(50, 90)].Lines, byChoice[new(50, 90)].Kept));
        Assert.Equal(39, byChoice[new(25, 95)].Kept);
        Assert.Equal(new EtaRangeChoice(25, 95), tuning.Chosen);
    }

    [Fact]
    public async Task Lines_that_went_on_backorder_before_the_window_are_left_out_and_the_receipts_choose()
    {
        var evaluated = await Tuner().EvaluateAsync(_w.Time.GetUtcNow().UtcDateTime, Ct);

        var tuning = evaluated["SUP"];
        Assert.All(tuning.Scores, s => Assert.Equal(0, s.Lines));

        // Without lines the 40 receipts judge, from the sixth on (35): P50–P90 (0–0) misses the four
        // late ones; P25–P95 misses only cycle 9's, the first late receipt (97.1 %), and is chosen.
        Assert.Equal(TuningBasis.Receipts, tuning.Basis);
        var byChoice = tuning.ReceiptScores!.ToDictionary(s => s.Choice);
        Assert.Equal((35, 31), (byChoice[new(50, 90)].Lines, byChoice[new(50, 90)].Kept));
        Assert.Equal((35, 34), (byChoice[new(25, 95)].Lines, byChoice[new(25, 95)].Kept));
        Assert.Equal(new EtaRangeChoice(25, 95), tuning.Chosen);
    }

    [Fact]
    public async Task The_planning_run_stores_the_chosen_pair_and_re_dates_the_waiting_line()
    {
        await using (var before = _w.Database.CreateDbContext())
        {
            var waiting = await before.OrderLines.SingleAsync(l => l.ShippedAt == null && l.CancelledQty == 0, Ct);
            Assert.Equal((_waitingPoDate.AddDays(1), _waitingPoDate.AddDays(1)), (waiting.EtaFrom!.Value, waiting.EtaTo!.Value));
        }

        var steps = new List<RecomputeProgress>();
        var recompute = new RecomputePlanning(_w.Database, _w.Writer, _w.Time, NullLogger<RecomputePlanning>.Instance, Tuner());
        var result = await recompute.HandleAsync(null, new SyncProgress(steps), Ct);

        Assert.Equal(1, result.RetunedSuppliers);
        Assert.Contains(steps, s => s is { Unit: "suppliers", Done: 1, Total: 1 });
        await using var db = _w.Database.CreateDbContext();
        var supplier = await db.Suppliers.SingleAsync(Ct);
        Assert.Equal(new EtaRangeChoice(25, 95), supplier.EtaRange);

        // 40 receipts, 4 of them 10 days late: P25 = 0, P95 = rank 38 = 10. P50/P90 stay as they were.
        Assert.Equal((0, 10), (supplier.EtaRangeFromDays, supplier.EtaRangeToDays));
        Assert.Equal((0, 0), (supplier.LatenessP50Days, supplier.LatenessP90Days));

        // PO-WAIT expected on a Tuesday: Tue … Fri 10 days later, + 1 working day → Wed … the Monday after.
        var line = await db.OrderLines.Include(l => l.EtaHistory).SingleAsync(l => l.ShippedAt == null && l.CancelledQty == 0, Ct);
        Assert.Equal((_waitingPoDate.AddDays(1), _waitingPoDate.AddDays(13)), (line.EtaFrom!.Value, line.EtaTo!.Value));
        var change = line.EtaHistory.OrderBy(h => h.At).Last();
        Assert.StartsWith(EtaRangeTuner.RetunedReason, change.Reason, StringComparison.Ordinal);
        Assert.Contains("(P25–P95 of its receipts)", change.Reason, StringComparison.Ordinal);

        // A second run finds the same pair: nothing moves.
        var again = await recompute.HandleAsync(null, null, Ct);
        Assert.Equal(0, again.RetunedSuppliers);
    }

    [Fact]
    public async Task A_new_order_written_from_a_cached_book_is_quoted_with_the_retuned_range()
    {
        // The writer caches TENT's book from this placement, with the supplier as it was (0–0).
        await PlaceFromCachedBookAsync("SO-BEFORE");

        await Tuner().TuneAsync(_w.Time.GetUtcNow().UtcDateTime.AddDays(-365), null, null, Ct);
        await PlaceFromCachedBookAsync("SO-AFTER");

        // Both wait behind the PO-WAIT line, on supply not ordered yet: arrival = today + 14 days lead time.
        await using var db = _w.Database.CreateDbContext();
        var lines = await db.OrderLines.Include(l => l.Order).Where(l => l.Order.Number.StartsWith("SO-")).ToDictionaryAsync(l => l.Order.Number, Ct);
        Assert.Equal(lines["SO-BEFORE"].FirstEtaArrival, lines["SO-AFTER"].FirstEtaArrival);
        var arrival = lines["SO-AFTER"].FirstEtaArrival!.Value;
        Assert.Equal(EtaCalculator.AddWorkingDays(arrival.AddDays(10), 1), lines["SO-AFTER"].FirstEtaTo);
        Assert.Equal(EtaCalculator.AddWorkingDays(arrival.AddDays(10), 1), lines["SO-BEFORE"].EtaTo); // re-dated by the tuning
    }

    /// <summary>Places one unit of TENT as the orders API does: from the writer's cached book.</summary>
    private Task<string> PlaceFromCachedBookAsync(string number) =>
        _w.Writer.WriteAsync(async (scope, ct) =>
        {
            var current = await scope.Db.Skus.AsNoTracking().SingleAsync(s => s.Code == "TENT", ct);
            var book = await scope.BookAsync(current, ct);
            var customer = new Customer("C-" + number, "Customer", null, CustomerType.Dtc);
            scope.Db.Customers.Add(customer);
            var order = new SalesOrder(number, await scope.Db.Clients.SingleAsync(ct), customer, "test", scope.Now, ShipPolicy.ShipPartial, OrderPriority.Standard);
            order.AddLine(book.Sku, 1);
            WarehouseOperations.PlaceOrder(order, new Dictionary<Sku, SkuBook> { [book.Sku] = book }, scope.Operation);
            return order.Number;
        });

    private sealed class SyncProgress(List<RecomputeProgress> steps) : IProgress<RecomputeProgress>
    {
        public void Report(RecomputeProgress value) => steps.Add(value);
    }
}
