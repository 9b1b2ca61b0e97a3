using BackorderDesk.Data;
using BackorderDesk.Data.WritePath;
using BackorderDesk.Domain;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Verify;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

/// <summary>
/// The writer keeps SKU books in memory between commands. These tests change the database behind
/// them (another writer, as another instance would) and fail commands half way, and check that what
/// the next command works from is always what the database holds, with exact totals.
/// </summary>
public class SkuBookCacheTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="SkuBookCacheTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private WriterHarness _h = null!;
    private ReceiveScan _receive = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync(Provider);
        _receive = new ReceiveScan(_h.Writer);
        await _h.SeedSkusAsync("TENT");
        await _h.PlaceOrderAsync("SO-1", "TENT", 1);
        await _h.PlaceOrderAsync("SO-2", "TENT", 1);
        await _h.PlaceOrderAsync("SO-3", "TENT", 1);
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_change_made_by_another_writer_is_seen_by_the_next_scan_with_exact_totals()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 1, null), ct);
        Assert.Equal([new ReceiptAllocation("SO-1", 1, 1, true)], first.Allocations);

        // Another writer (another instance, a tool) cancels SO-2 while the writer holds TENT's book.
        await CancelElsewhereAsync("SO-2", ct);

        var second = await _receive.HandleAsync(new ReceiptRequest("R-2", null, "TENT", 1, null), ct);

        Assert.Equal([new ReceiptAllocation("SO-3", 1, 1, true)], second.Allocations);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public async Task A_command_whose_sku_row_moved_on_before_its_write_runs_again_on_fresh_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 1, null), ct);
        Sku asReadBefore;
        await using (var db = _h.Database.CreateDbContext())
        {
            asReadBefore = await db.Skus.AsNoTracking().SingleAsync(s => s.Code == "TENT", ct);
        }

        // The row moves on after the command's read (on PostgreSQL another instance can commit in between).
        await CancelElsewhereAsync("SO-2", ct);
        var runs = 0;
        var allocatedTo = await _h.Writer.WriteAsync(
            async (scope, token) =>
            {
                runs++;
                var current = runs == 1 ? asReadBefore : await scope.Db.Skus.AsNoTracking().SingleAsync(s => s.Code == "TENT", token);
                var book = await scope.BookAsync(current, token);
                var outcome = WarehouseOperations.Receive(book, 1, "R-2", null, scope.Operation);
                return outcome.Allocations.Single().Line.Order.Number;
            },
            ct);

        Assert.Equal(2, runs);
        Assert.Equal("SO-3", allocatedTo);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public async Task A_command_that_fails_after_changing_its_book_leaves_nothing_of_it_in_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 1, null), ct);

        var refused = _h.Writer.WriteAsync<int>(
            async (scope, token) =>
            {
                var current = await scope.Db.Skus.AsNoTracking().SingleAsync(s => s.Code == "TENT", token);
                var book = await scope.BookAsync(current, token);
                WarehouseOperations.Receive(book, 1, "R-X", null, scope.Operation);
                throw new DomainException("Refused after the book changed.", "qty");
            },
            ct);
        await Assert.ThrowsAsync<DomainException>(() => refused);

        // Had the failed receipt stayed in memory, SO-2 would already be allocated and this would go to SO-3.
        var next = await _receive.HandleAsync(new ReceiptRequest("R-2", null, "TENT", 1, null), ct);

        Assert.Equal([new ReceiptAllocation("SO-2", 1, 1, true)], next.Allocations);
        Assert.Equal(2, next.OnHand);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public async Task A_rolled_back_batch_drops_the_books_it_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("R-1", null, "TENT", 1, null), ct);

        // A command that changes the book and writes its rows, then one in the same batch that breaks
        // the transaction itself (not a refusal): the whole batch rolls back.
        using var gate = new SemaphoreSlim(0);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = _h.Writer.WriteAsync<int>(
            async (_, token) =>
            {
                holding.SetResult();
                await gate.WaitAsync(token);
                return 0;
            },
            ct);

        // The writer runs the holding batch; the next two queue behind it and run as one batch.
        await holding.Task;
        var receipt = _receive.HandleAsync(new ReceiptRequest("R-2", null, "TENT", 1, null), ct);
        var breaking = _h.Writer.WriteAsync<int>(
            (scope, _) =>
            {
                scope.Db.Database.GetDbConnection().Close();
                return Task.FromResult(0);
            },
            ct);
        gate.Release();
        await hold;
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(receipt, breaking));

        // The receipt of the rolled-back batch never happened: the next one goes to SO-2.
        var next = await _receive.HandleAsync(new ReceiptRequest("R-3", null, "TENT", 1, null), ct);

        Assert.Equal([new ReceiptAllocation("SO-2", 1, 1, true)], next.Allocations);
        await AssertCleanAsync(ct);
    }

    [Fact]
    public void The_images_a_book_is_compared_with_cover_every_stored_column_of_its_lines()
    {
        using var db = _h.Database.CreateDbContext();
        AssertCovered<SalesOrderLine>(db, typeof(LineImage), nameof(SalesOrderLine.Id), nameof(SalesOrderLine.OrderId), nameof(SalesOrderLine.SkuId), nameof(SalesOrderLine.LineNumber));
        AssertCovered<PurchaseOrderLine>(db, typeof(PoLineImage), nameof(PurchaseOrderLine.Id), nameof(PurchaseOrderLine.PurchaseOrderId), nameof(PurchaseOrderLine.SkuId));
    }

    private static void AssertCovered<T>(WarehouseDbContext db, Type image, params string[] fixedColumns)
    {
        var stored = db.Model.FindEntityType(typeof(T))!.GetProperties().Select(p => p.Name).Except(fixedColumns).Order();
        var imaged = image.GetProperties().Where(p => p.GetSetMethod() is not null || p.CanWrite).Select(p => p.Name);
        Assert.Empty(stored.Except(imaged));
    }

    /// <summary>Cancels the order's TENT line through a context of its own, committed, the tracked way.</summary>
    private async Task CancelElsewhereAsync(string orderNumber, CancellationToken ct)
    {
        await using var db = _h.Database.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sku = await db.Skus.Include(s => s.Supplier).SingleAsync(s => s.Code == "TENT", ct);
        var book = await SkuBooks.LoadAsync(db, sku, ct);
        var line = book.OpenLines.Single(l => l.Order.Number == orderNumber);
        var now = _h.Time.GetUtcNow().UtcDateTime;
        WarehouseOperations.CancelLine(book, line, null, "another writer", new OperationContext(now, DateOnly.FromDateTime(now), _h.Options.CurrentValue.HandlingWorkingDays, new ChangeSet()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task AssertCleanAsync(CancellationToken ct)
    {
        var report = await new WarehouseVerifier(_h.Database, _h.Time).VerifyAsync(ct);
        Assert.True(report.IsClean, string.Join("; ", report.Drifts));
    }
}

/// <summary>Every test of <see cref="SkuBookCacheTests"/> on PostgreSQL.</summary>
public sealed class SkuBookCacheTestsOnPostgres : SkuBookCacheTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
