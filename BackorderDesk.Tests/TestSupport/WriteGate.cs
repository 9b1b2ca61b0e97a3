using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The test database's factory with a gate in front of every save: while the gate is closed, a
/// write waits just before its SaveChanges (inside the writer's transaction, nothing committed), so
/// a test can click a button again and again while the first click's action is still in flight,
/// then open the gate and see what was written. Reads never wait.
/// </summary>
public sealed class WriteGate(SqliteTestDatabase database) : SaveChangesInterceptor, IDbContextFactory<WarehouseDbContext>
{
    private TaskCompletionSource _open = Opened();
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a write is waiting at the closed gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Makes the next writes wait until <see cref="Open"/>.</summary>
    public void Close()
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => _open.TrySetResult();

    public WarehouseDbContext CreateDbContext() =>
        new((DbContextOptions<WarehouseDbContext>)DatabaseProvider.Configure(
                new DbContextOptionsBuilder<WarehouseDbContext>(), DatabaseProvider.Sqlite, database.ConnectionString, waitSeconds: 30)
            .AddInterceptors(this)
            .Options);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var open = _open.Task;
        if (!open.IsCompleted)
        {
            _reached.TrySetResult();
            await open.WaitAsync(cancellationToken);
        }

        return result;
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
