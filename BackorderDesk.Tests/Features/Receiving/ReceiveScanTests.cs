using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Receiving;

public class ReceiveScanTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="ReceiveScanTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private WriterHarness _h = null!;
    private ReceiveScan _receive = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync(Provider);
        _receive = new ReceiveScan(_h.Writer);
        await _h.SeedSkusAsync("TENT", "BOOT");
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_scan_by_barcode_cross_docks_to_waiting_lines_and_puts_the_rest_away()
    {
        var ct = TestContext.Current.CancellationToken;
        await _h.PlaceOrderAsync("SO-1", "TENT", 3);
        await _h.PlaceOrderAsync("SO-2", "TENT", 2);

        var answer = await _receive.HandleAsync(new ReceiptRequest("R-1", "B-TENT", null, 4, null), ct);

        Assert.True(answer.Applied);
        Assert.Equal("TENT", answer.Sku);
        Assert.Equal(4, answer.OnHand);
        Assert.Equal([new ReceiptAllocation("SO-1", 1, 3, true), new ReceiptAllocation("SO-2", 1, 1, true)], answer.Allocations);
        Assert.Equal(0, answer.PutawayQty);

        var more = await _receive.HandleAsync(new ReceiptRequest("R-2", null, "TENT", 5, null), ct);
        Assert.Equal([new ReceiptAllocation("SO-2", 1, 1, true)], more.Allocations);
        Assert.Equal(4, more.PutawayQty);
    }

    [Fact]
    public async Task The_same_scan_id_again_returns_the_first_answer_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _h.PlaceOrderAsync("SO-1", "TENT", 1);
        var first = await _receive.HandleAsync(new ReceiptRequest("R-9", "B-TENT", null, 2, null), ct);

        var again = await _receive.HandleAsync(new ReceiptRequest("R-9", "B-TENT", null, 2, null), ct);

        Assert.False(again.Applied);
        Assert.Equal(first with { Applied = false }, again, new AnswerComparer());
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(2, await db.Skus.Where(s => s.Code == "TENT").Select(s => s.OnHand).SingleAsync(ct));
        Assert.Equal(1, await db.Ledger.CountAsync(ct));
        Assert.Equal(1, await db.ReceiptScans.CountAsync(ct));
    }

    [Fact]
    public async Task The_same_scan_id_with_another_body_is_refused_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("R-5", "B-TENT", null, 2, null), ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => _receive.HandleAsync(new ReceiptRequest("R-5", "B-TENT", null, 3, null), ct));

        Assert.Contains("R-5", ex.Message);
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(2, await db.Skus.Where(s => s.Code == "TENT").Select(s => s.OnHand).SingleAsync(ct));
    }

    [Fact]
    public async Task Identical_scans_arriving_at_once_are_applied_once_and_both_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        var scans = Enumerable.Range(0, 20).Select(_ => _receive.HandleAsync(new ReceiptRequest("R-dup", "B-BOOT", null, 1, null), ct));

        var answers = await Task.WhenAll(scans);

        Assert.Equal(1, answers.Count(a => a.Applied));
        Assert.All(answers, a => Assert.Equal(1, a.OnHand));
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(1, await db.Skus.Where(s => s.Code == "BOOT").Select(s => s.OnHand).SingleAsync(ct));
    }

    [Fact]
    public async Task Two_scans_with_different_ids_are_two_receipts()
    {
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(
            _receive.HandleAsync(new ReceiptRequest("R-a", "B-BOOT", null, 1, null), ct),
            _receive.HandleAsync(new ReceiptRequest("R-b", "B-BOOT", null, 1, null), ct));

        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(2, await db.Skus.Where(s => s.Code == "BOOT").Select(s => s.OnHand).SingleAsync(ct));
        Assert.Equal(2, await db.Ledger.CountAsync(ct));
    }

    [Fact]
    public async Task An_unknown_barcode_is_refused_plainly_and_nothing_is_recorded()
    {
        var ct = TestContext.Current.CancellationToken;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _receive.HandleAsync(new ReceiptRequest("R-x", "NOPE", null, 1, null), ct));

        Assert.Equal("Barcode NOPE belongs to no SKU. Check the label, or add the barcode to its SKU.", ex.Message);
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(0, await db.Ledger.CountAsync(ct));
        Assert.Equal(0, await db.ReceiptScans.CountAsync(ct));
    }

    [Fact]
    public async Task A_refused_scan_in_a_batch_does_not_undo_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = Enumerable.Range(0, 10).Select(i => _receive.HandleAsync(new ReceiptRequest($"R-{i}", "B-TENT", null, 1, null), ct)).ToList();
        var bad = _receive.HandleAsync(new ReceiptRequest("R-bad", "UNKNOWN", null, 1, null), ct);

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<DomainException>(() => bad);

        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(10, await db.Skus.Where(s => s.Code == "TENT").Select(s => s.OnHand).SingleAsync(ct));
        Assert.Equal(10, await db.ReceiptScans.CountAsync(ct));
    }

    [Fact]
    public async Task Invalid_input_lists_every_field_to_fix()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _receive.HandleAsync(new ReceiptRequest("", null, null, 0, null), TestContext.Current.CancellationToken));

        Assert.Equal(["scanId", "barcode", "qty"], ex.Errors.Keys);
    }

    [Fact]
    public async Task A_committed_scan_publishes_receipt_allocation_and_stock_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await _h.PlaceOrderAsync("SO-1", "TENT", 1);
        _h.Published.Clear();

        // The writer answers the caller before it publishes the batch, so wait for the publication;
        // the harness's recorder subscribed first, so it holds the events when this handler runs.
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _h.Feed.Subscribe(events =>
        {
            if (events.OfType<ReceiptScanned>().Any())
            {
                published.TrySetResult();
            }

            return Task.CompletedTask;
        });

        await _receive.HandleAsync(new ReceiptRequest("R-1", "B-TENT", null, 3, null), ct);
        await published.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Contains(new ReceiptScanned("R-1", "TENT", 3), _h.Published);
        Assert.Contains(new Allocated("TENT", "SO-1", 1, 1, true), _h.Published);
        Assert.Contains(new StockChanged("TENT", 3, 1, 2, 0), _h.Published);
    }

    private sealed class AnswerComparer : IEqualityComparer<ReceiptAnswer>
    {
        public bool Equals(ReceiptAnswer? x, ReceiptAnswer? y) =>
            x is not null && y is not null && x.Applied == y.Applied && x.Sku == y.Sku && x.OnHand == y.OnHand
            && x.PutawayQty == y.PutawayQty && x.Allocations.SequenceEqual(y.Allocations);

        public int GetHashCode(ReceiptAnswer obj) => obj.Sku.GetHashCode();
    }
}

/// <summary>Every test of <see cref="ReceiveScanTests"/> on PostgreSQL.</summary>
public sealed class ReceiveScanTestsOnPostgres : ReceiveScanTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
