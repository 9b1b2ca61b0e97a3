using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

/// <summary>
/// A database found locked during a write batch: the batch is rolled back and runs again, and every
/// command is answered once, from what its last attempt did. "Locked" here is real SQLite: while the
/// writer holds its transaction, a second connection asking for the write lock gets SQLITE_BUSY,
/// which the command lets escape as a command that met a locked database would.
/// </summary>
public sealed class WriterBusyRetryTests : IAsyncLifetime
{
    private WriterHarness _h = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync();
        await _h.SeedSkusAsync("TENT");
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_command_that_meets_a_locked_database_once_is_answered_as_succeeded_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var attempts = 0;

        var answer = _h.Writer.WriteAsync(
            async (scope, c) =>
            {
                attempts++;
                var sku = await scope.Db.Skus.SingleAsync(s => s.Code == "TENT", c);
                WarehouseOperations.Adjust(await scope.LoadBookAsync(sku, c), 4, "found", scope.Operation);
                if (attempts == 1)
                {
                    await MeetLockedDatabaseAsync(c);
                }

                return $"attempt {attempts}";
            },
            ct);

        Assert.Equal("attempt 2", await answer);
        Assert.Equal(2, attempts);
        Assert.True(answer.IsCompletedSuccessfully);
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(4, (await db.Skus.SingleAsync(s => s.Code == "TENT", ct)).OnHand);
        Assert.Equal(1, await db.Ledger.CountAsync(ct));
    }

    [Fact]
    public async Task A_command_refused_in_the_attempt_that_met_a_locked_database_does_not_carry_that_refusal_into_the_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, second) = await RunAsOneBatchAsync(
            attempt => attempt == 1 ? throw new DomainException("refused in the first attempt") : Task.FromResult("written in the second attempt"),
            async attempt =>
            {
                if (attempt == 1)
                {
                    await MeetLockedDatabaseAsync(ct);
                }

                return "second";
            });

        Assert.Equal("written in the second attempt", await first);
        Assert.Equal("second", await second);
    }

    [Fact]
    public async Task A_command_answered_in_the_attempt_that_met_a_locked_database_is_answered_from_the_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, second) = await RunAsOneBatchAsync(
            attempt => attempt == 1 ? Task.FromResult("written in the first attempt") : throw new DomainException("refused in the second attempt"),
            async attempt =>
            {
                if (attempt == 1)
                {
                    await MeetLockedDatabaseAsync(ct);
                }

                return "second";
            });

        var refused = await Assert.ThrowsAsync<DomainException>(() => first);
        Assert.Equal("refused in the second attempt", refused.Message);
        Assert.Equal("second", await second);
    }

    /// <summary>
    /// Runs two commands in one write batch (the writer is kept busy with a first batch until both
    /// are queued); each is given the number of the attempt it runs in.
    /// </summary>
    private async Task<(Task<string> First, Task<string> Second)> RunAsOneBatchAsync(Func<int, Task<string>> first, Func<int, Task<string>> second)
    {
        var ct = TestContext.Current.CancellationToken;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = _h.Writer.WriteAsync(
            async (_, _) =>
            {
                running.TrySetResult();
                await release.Task;
                return 0;
            },
            ct);
        await running.Task.WaitAsync(ct);

        var attempts = 0;
        var firstAnswer = _h.Writer.WriteAsync((_, _) => first(++attempts), ct);
        var secondAnswer = _h.Writer.WriteAsync((_, _) => second(attempts), ct);
        release.SetResult();
        await blocker;
        // Both answered, whichever way (WhenAny of one task does not rethrow its failure).
        await Task.WhenAny(Task.WhenAll(firstAnswer, secondAnswer));
        Assert.Equal(2, attempts);
        return (firstAnswer, secondAnswer);
    }

    /// <summary>
    /// Asks for the write lock from a second connection while the writer holds it: SQLite answers
    /// SQLITE_BUSY after a one-second wait, and the exception escapes.
    /// </summary>
    private async Task MeetLockedDatabaseAsync(CancellationToken ct)
    {
        await using var other = new SqliteConnection(_h.Database.ConnectionString + ";Default Timeout=1");
        await other.OpenAsync(ct);
        await using var command = other.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync(ct);
        throw new InvalidOperationException("The second connection got the write lock the writer should hold.");
    }
}
