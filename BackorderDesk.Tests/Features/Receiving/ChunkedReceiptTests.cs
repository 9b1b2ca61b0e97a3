using BackorderDesk.Data;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Verify;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Receiving;

/// <summary>
/// A receipt that fills more lines than one commit serves allocates in chunks, each its own commit,
/// in queue order; the scan is answered whole after the last, and no command in between takes the
/// shelved units out of queue order.
/// </summary>
public class ChunkedReceiptTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="ChunkedReceiptTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private WriterHarness _h = null!;
    private ReceiveScan _receive = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync(Provider);
        _receive = new ReceiveScan(_h.Writer, linesPerCommit: 2);
        await _h.SeedSkusAsync("TENT", "BOOT");
        for (var i = 1; i <= 5; i++)
        {
            await _h.PlaceOrderAsync($"SO-{i}", "TENT", 1);
        }
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_receipt_filling_more_lines_than_one_commit_serves_is_answered_whole_in_queue_order()
    {
        var ct = TestContext.Current.CancellationToken;

        var answer = await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 6, null), ct);

        Assert.Equal(Enumerable.Range(1, 5).Select(i => new ReceiptAllocation($"SO-{i}", 1, 1, true)), answer.Allocations);
        Assert.Equal(1, answer.PutawayQty);
        var again = await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 6, null), ct);
        Assert.False(again.Applied);
        Assert.Equal(answer.Allocations, again.Allocations);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public async Task An_order_placed_between_chunks_waits_behind_the_lines_the_receipt_still_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gate = new SemaphoreSlim(0);
        var hold = _h.Writer.WriteAsync<int>(async (_, token) => { await gate.WaitAsync(token); return 0; }, ct);
        var receipt = _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 5, null), ct);
        var placed = _h.PlaceOrderAsync("SO-LATE", "TENT", 1);
        gate.Release();
        await hold;
        await placed;
        var answer = await receipt;

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"SO-{i}"), answer.Allocations.Select(a => a.OrderNumber));
        await using var db = _h.Database.CreateDbContext();
        var late = await db.OrderLines.SingleAsync(l => l.Order.Number == "SO-LATE", ct);
        Assert.Equal(0, late.AllocatedQty);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public async Task Scans_of_other_skus_commit_between_the_chunks()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gate = new SemaphoreSlim(0);
        var hold = _h.Writer.WriteAsync<int>(async (_, token) => { await gate.WaitAsync(token); return 0; }, ct);
        var big = _receive.HandleAsync(new ReceiptRequest("R-BIG", null, "TENT", 5, null), ct);

        // Queued behind the receipt's first chunk; its next chunks queue behind this scan.
        var other = _receive.HandleAsync(new ReceiptRequest("R-OTHER", null, "BOOT", 1, null), ct);
        gate.Release();
        await hold;
        await Task.WhenAll(big, other);

        var events = _h.Published;
        var otherScanned = events.FindIndex(e => e is ReceiptScanned { ScanId: "R-OTHER" });
        var firstChunk = events.FindIndex(e => e is Allocated { OrderNumber: "SO-1" });
        var lastChunk = events.FindIndex(e => e is Allocated { OrderNumber: "SO-5" });
        Assert.InRange(otherScanned, firstChunk + 1, lastChunk - 1);
        await AssertCleanAsync(ct);
    }

    private async Task AssertCleanAsync(CancellationToken ct)
    {
        var report = await new WarehouseVerifier(_h.Database, _h.Time).VerifyAsync(ct);
        Assert.True(report.IsClean, string.Join("; ", report.Drifts));
    }
}

/// <summary>Every test of <see cref="ChunkedReceiptTests"/> on PostgreSQL.</summary>
public sealed class ChunkedReceiptTestsOnPostgres : ChunkedReceiptTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
