using System.Threading.Channels;
using BackorderDesk.Data.WritePath;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Data;

/// <summary>
/// The one write path. Every command that changes stock, orders or allocations goes through a
/// single writer loop, so writes to a SKU never interleave (no read-check-write races, no
/// oversell). Commands waiting at the same moment are run in one transaction (group commit): each
/// runs inside its own savepoint, so a refused command changes nothing while the others commit, and
/// nobody is answered before the commit is durable. Screens are notified only after the commit.
/// On PostgreSQL the same commands can take row locks (<c>FOR UPDATE</c> in id order) instead.
/// </summary>
public sealed class WarehouseWriter : IAsyncDisposable
{
    private const int MaxBatch = 64;

    /// <summary>Runs of one command when the SKU rows it read moved on under it (another writer).</summary>
    private const int MaxRuns = 3;

    // A batch PostgreSQL gave up on (a deadlock, a serialization failure) runs again at least this often, even past the wait.
    private const int MaxConflictAttempts = 5;

    private readonly IDbContextFactory<WarehouseDbContext> _factory;
    private readonly ChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<BackorderDeskOptions> _options;
    private readonly ILogger<WarehouseWriter> _logger;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>
    /// On PostgreSQL, how long (20 ms) a command after a batch's first waits for a row another transaction
    /// holds. Longer, and two instances each holding rows the other's batch needs would wait for each
    /// other until the server finds the deadlock (a second). Past it, the batch commits what ran and
    /// the command starts the next batch, waiting as long as the configured wait allows.
    /// </summary>
    private const string LaterCommandLockWait = "SET LOCAL lock_timeout = '20ms'";

    // Only the loop touches them.
    private readonly SkuBookCache _books = new();
    private readonly List<WriteRequest> _carried = [];

    // Set when another instance changed a customer, or its changes may have been missed (the link
    // between instances came back); the loop then reads every book again before its next batch.
    private volatile bool _booksMayHoldOldCustomers;

    public WarehouseWriter(IDbContextFactory<WarehouseDbContext> factory, ChangeFeed feed, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options, ILogger<WarehouseWriter> logger)
    {
        _factory = factory;
        _feed = feed;
        _time = time;
        _options = options;
        _logger = logger;
        feed.OtherInstanceChanged += OnOtherInstanceChanged;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="command"/> in the write transaction and answers after the commit.</summary>
    /// <exception cref="DomainException">A business rule refused it; nothing was written.</exception>
    /// <exception cref="WarehouseBusyException">The database stayed locked for the whole configured wait; nothing was written.</exception>
    public async Task<T> WriteAsync<T>(Func<WriteScope, CancellationToken, Task<T>> command, CancellationToken cancellationToken = default)
    {
        var request = new WriteRequest(async (scope, ct) => await command(scope, ct));
        await _queue.Writer.WriteAsync(request, cancellationToken);
        return (T)(await request.Completion.Task.WaitAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
        _feed.OtherInstanceChanged -= OnOtherInstanceChanged;
    }

    private void OnOtherInstanceChanged(IReadOnlyList<WarehouseEvent> events)
    {
        if (events.Any(e => e is CustomersChanged or FeedOverflowed))
        {
            _booksMayHoldOldCustomers = true;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>(MaxBatch);
        while (_carried.Count > 0 || await _queue.Reader.WaitToReadAsync(_stopping.Token))
        {
            batch.Clear();

            // Commands a batch left for the next one (they met a row another instance holds) go first.
            batch.AddRange(_carried);
            _carried.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            if (_booksMayHoldOldCustomers)
            {
                _booksMayHoldOldCustomers = false;
                _books.Clear();
            }

            await RunBatchOnceAsync(batch);
        }
    }

    /// <summary>
    /// Runs one batch, answering each command once. A database found locked rolls the whole batch
    /// back and runs it again, as long as the configured wait allows; past it, every caller hears
    /// that nothing was written (<see cref="WarehouseBusyException"/>).
    /// </summary>
    private async Task RunBatchOnceAsync(List<WriteRequest> batch)
    {
        var started = _time.GetTimestamp();
        try
        {
            var events = await RunBatchUntilNotBusyAsync(batch);

            // Published after the commit and before anyone is answered: once a write returns, its
            // events wait in every reader's mailbox. Nobody waits for a screen or hub client to read them.
            _feed.Publish(events);
            foreach (var request in batch)
            {
                request.Complete();
            }
        }
        catch (Exception ex)
        {
            var busy = DatabaseBusy.Is(ex);
            Exception failure = busy ? new WarehouseBusyException(ex) : ex;
            if (busy)
            {
                _logger.LogWarning("The database stayed locked for {Elapsed:0} ms; a write batch of {Count} commands was refused and nothing was written.", _time.GetElapsedTime(started).TotalMilliseconds, batch.Count);
            }
            else
            {
                _logger.LogError(ex, "A write batch failed and was rolled back.");
            }

            foreach (var request in batch)
            {
                request.Completion.TrySetException(failure);
            }
        }
    }

    /// <summary>
    /// Runs the batch; when the database is locked (by another program, or a snapshot another
    /// connection moved on) the attempt is rolled back and the whole batch runs again from clean
    /// answers. Attempts share one bound, the configured wait: each attempt's own lock wait is cut to
    /// what is left of it, and a lock still there when it is spent fails the batch. The bound is
    /// wall-clock time (the time a lock is held), not the business clock.
    /// </summary>
    private async Task<List<WarehouseEvent>> RunBatchUntilNotBusyAsync(List<WriteRequest> batch)
    {
        var wait = TimeSpan.FromSeconds(DatabaseBusy.WaitSeconds(_options.CurrentValue));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            // An earlier attempt's answers were rolled back with it: nobody is told about them.
            foreach (var request in batch)
            {
                request.Reset();
            }

            var left = wait - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            try
            {
                return await RunBatchAsync(batch, left);
            }
            catch (Exception ex) when (DatabaseBusy.Is(ex) && !_stopping.IsCancellationRequested
                && (System.Diagnostics.Stopwatch.GetElapsedTime(started) < wait || (DatabaseBusy.IsConflict(ex) && attempt < MaxConflictAttempts)))
            {
                _logger.LogInformation("The database was locked during attempt {Attempt} of a write batch of {Count} commands; the batch was rolled back and runs again.", attempt, batch.Count);
            }
        }
    }

    private async Task<List<WarehouseEvent>> RunBatchAsync(List<WriteRequest> batch, TimeSpan lockWait)
    {
        var used = new HashSet<int>();
        try
        {
            return await RunBatchAsync(batch, lockWait, used);
        }
        catch
        {
            // Rolled back: the books the batch changed in memory no longer say what the database holds.
            foreach (var skuId in used)
            {
                _books.Evict(skuId);
            }

            throw;
        }
    }

    private async Task<List<WarehouseEvent>> RunBatchAsync(List<WriteRequest> batch, TimeSpan lockWait, HashSet<int> used)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var db = await _factory.CreateDbContextAsync(_stopping.Token);
        using var limit = DatabaseBusy.LimitWait(db, lockWait);
        // Each command gets its own savepoint below; SaveChanges need not add another.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(_stopping.Token);
        var events = new List<WarehouseEvent>();
        var now = _time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var handling = _options.CurrentValue.HandlingWorkingDays;
        var waitsShort = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            if (i == 1 && db.Database.IsNpgsql())
            {
                // From the second command on, this transaction holds rows: wait only briefly for others'
                // (see LaterCommandLockWait). Until the transaction ends; a savepoint does not undo it.
                await db.Database.ExecuteSqlRawAsync(LaterCommandLockWait, _stopping.Token);
                waitsShort = true;
            }

            for (var run = 1; ; run++)
            {
                var savepoint = $"cmd{i}";
                await transaction.CreateSavepointAsync(savepoint, _stopping.Token);
                var scope = new WriteScope(db, now, today, handling, _books);
                try
                {
                    request.Result = await request.Command(scope, _stopping.Token);
                    await scope.CompleteAsync(_stopping.Token);
                    events.AddRange(scope.CollectEvents());
                    if (scope.ChangedCustomers)
                    {
                        // Books hold the customers of their orders: read them again, here and (told by the
                        // relay between instances) on every other instance.
                        _books.Clear();
                        events.Add(new CustomersChanged());
                    }

                    // The next command reads what this one wrote from the transaction, not from a tracker
                    // that would otherwise grow with the batch and slow every later change detection.
                    db.ChangeTracker.Clear();
                    break;
                }
                catch (Exception ex) when (!DatabaseBusy.Is(ex) || (waitsShort && DatabaseBusy.IsLockTimeout(ex)))
                {
                    // The command's own writes are undone; the ones before it in the batch stay. The books it
                    // changed in memory are dropped: the next use reads them again.
                    await transaction.RollbackToSavepointAsync(savepoint, _stopping.Token);
                    db.ChangeTracker.Clear();
                    foreach (var book in scope.CachedBooks)
                    {
                        _books.Evict(book.Book.Sku.Id);
                    }

                    if (DatabaseBusy.IsLockTimeout(ex))
                    {
                        // Another instance holds a row this command needs: commit what ran before it, and
                        // run it (and the rest) first in the next batch, which holds nothing while it waits.
                        _logger.LogDebug("A command met a row another writer holds; the batch commits {Ran} commands and the other {Left} run next.", i, batch.Count - i);
                        _carried.InsertRange(0, batch.Skip(i));
                        batch.RemoveRange(i, batch.Count - i);
                        break;
                    }

                    if (ex is StaleBookException && run < MaxRuns)
                    {
                        _logger.LogInformation("{Message}", ex.Message);
                        request.Reset();
                        continue;
                    }

                    if (DatabaseBusy.IsUniqueKeyTaken(ex) && run == 1)
                    {
                        // Another instance added the same key first (see IsUniqueKeyTaken): once more, now seeing its row.
                        _logger.LogInformation(ex, "A key this command added was taken by another writer meanwhile; the command runs again.");
                        request.Reset();
                        continue;
                    }

                    request.Failure = ex;
                    break;
                }
                finally
                {
                    used.UnionWith(scope.CachedBooks.Select(b => b.Book.Sku.Id));
                }
            }
        }

        var committing = System.Diagnostics.Stopwatch.GetTimestamp();
        await transaction.CommitAsync(_stopping.Token);
        _logger.LogDebug(
            "Write batch of {Count} commands: {Work:0.0} ms of commands, {Commit:0.0} ms to commit.",
            batch.Count,
            System.Diagnostics.Stopwatch.GetElapsedTime(started, committing).TotalMilliseconds,
            System.Diagnostics.Stopwatch.GetElapsedTime(committing).TotalMilliseconds);
        if (events.Count > 0)
        {
            events.Add(new KpisChanged());
        }

        return events;
    }

    private sealed class WriteRequest(Func<WriteScope, CancellationToken, Task<object?>> command)
    {
        public Func<WriteScope, CancellationToken, Task<object?>> Command { get; } = command;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object? Result { get; set; }

        public Exception? Failure { get; set; }

        /// <summary>Forgets what an earlier, rolled-back attempt answered.</summary>
        public void Reset()
        {
            Result = null;
            Failure = null;
        }

        public void Complete()
        {
            if (Failure is not null)
            {
                Completion.TrySetException(Failure);
            }
            else
            {
                Completion.TrySetResult(Result);
            }
        }
    }
}
