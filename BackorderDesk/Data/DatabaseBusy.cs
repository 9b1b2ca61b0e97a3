using BackorderDesk.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackorderDesk.Data;

/// <summary>
/// The one place that knows how each database provider says "locked by someone else, try again"
/// and how long a caller waits for it (<see cref="BackorderDeskOptions.DatabaseBusyWaitSeconds"/>).
/// </summary>
public static class DatabaseBusy
{
    public const int MinWaitSeconds = 1;
    public const int MaxWaitSeconds = 30;

    /// <summary>The configured wait, kept within <see cref="MinWaitSeconds"/>..<see cref="MaxWaitSeconds"/>.</summary>
    public static int WaitSeconds(BackorderDeskOptions options) => Math.Clamp(options.DatabaseBusyWaitSeconds, MinWaitSeconds, MaxWaitSeconds);

    /// <summary>What a refused caller is told to wait before trying again: the configured wait, 1 to 5 seconds.</summary>
    public static int RetryAfterSeconds(IServiceProvider services) =>
        Math.Clamp(WaitSeconds(services.GetRequiredService<IOptionsMonitor<BackorderDeskOptions>>().CurrentValue), 1, 5);

    /// <summary>
    /// Cuts how long <paramref name="db"/> waits for a lock to <paramref name="wait"/> (whole seconds,
    /// at least one) until the returned handle is disposed: a retried write batch spends what is left
    /// of the configured wait, not the whole wait again.
    /// </summary>
    public static IDisposable LimitWait(DbContext db, TimeSpan wait)
    {
        var seconds = Math.Max(MinWaitSeconds, (int)Math.Ceiling(wait.TotalSeconds));
        var previousCommand = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(seconds);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            // The BEGIN of a transaction waits by the connection's default timeout, not the command's.
            var previousDefault = sqlite.DefaultTimeout;
            sqlite.DefaultTimeout = seconds;
            return new Restore(() =>
            {
                sqlite.DefaultTimeout = previousDefault;
                db.Database.SetCommandTimeout(previousCommand);
            });
        }

        return new Restore(() => db.Database.SetCommandTimeout(previousCommand));
    }

    /// <summary>Whether <paramref name="exception"/> (or what it wraps) says the database stayed locked.</summary>
    public static bool Is(Exception exception) => exception switch
    {
        WarehouseBusyException => true,
        // SQLite: SQLITE_BUSY and SQLITE_LOCKED, after the wait the connection allows (DataServices).
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        DbUpdateException { InnerException: { } inner } => Is(inner),
        InvalidOperationException { InnerException: { } inner } => Is(inner),
        // PostgreSQL: a lock held past lock_timeout, or a transaction the server gave up on.
        _ => IsLockTimeout(exception) || IsConflict(exception),
    };

    /// <summary>
    /// Whether <paramref name="exception"/> (or what it wraps) is PostgreSQL giving up on one of two
    /// transactions that got in each other's way (a serialization failure, SQLSTATE 40001, or a deadlock,
    /// 40P01): nothing of it was written and it succeeds when run again on fresh data, even if the wait is spent.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        PostgresStateOf(exception) is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    /// <summary>Whether <paramref name="exception"/> (or what it wraps) is PostgreSQL's <c>lock_timeout</c> running out (SQLSTATE 55P03).</summary>
    public static bool IsLockTimeout(Exception exception) => PostgresStateOf(exception) is PostgresErrorCodes.LockNotAvailable;

    /// <summary>
    /// Whether <paramref name="exception"/> (or what it wraps) is PostgreSQL refusing a row whose unique
    /// key another transaction holds (SQLSTATE 23505). With several instances that is usually a race: the
    /// same new customer, scan id or order number arriving at two instances at once, the other committing
    /// first while this one was deciding to add it. Run once more, the command sees the other's row and
    /// answers accordingly (the existing customer, a replayed scan, an order number already taken); failing
    /// the same way again, it was no race. On SQLite one writer decides and writes, so the race cannot happen.
    /// </summary>
    public static bool IsUniqueKeyTaken(Exception exception) => PostgresStateOf(exception) is PostgresErrorCodes.UniqueViolation;

    /// <summary>The SQLSTATE of the PostgreSQL error <paramref name="exception"/> is or wraps (through EF's and the writer's exceptions); null for any other.</summary>
    private static string? PostgresStateOf(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState,
        WarehouseBusyException or DbUpdateException or InvalidOperationException when exception.InnerException is { } inner => PostgresStateOf(inner),
        _ => null,
    };
}

internal sealed class Restore(Action restore) : IDisposable
{
    public void Dispose() => restore();
}

/// <summary>The database stayed locked for the whole wait; nothing was written and the caller should try again shortly.</summary>
public sealed class WarehouseBusyException(Exception inner) : Exception(Title, inner)
{
    public const string Title = "The warehouse database is busy (another program is holding it); nothing was changed. Try again in a few seconds.";
}
