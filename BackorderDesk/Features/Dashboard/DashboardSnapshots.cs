using System.Collections.Concurrent;
using BackorderDesk.Live;

namespace BackorderDesk.Features.Dashboard;

/// <summary>
/// One <see cref="DashboardSnapshot"/> per view and change, shared by every open Dashboard: when a
/// change is published, the first circuit that refreshes reads the snapshot and the others showing
/// the same view await that same read, so fifty open dashboards cost one read per change, not fifty.
/// A read is never cancelled by the circuit that started it (others may be waiting for it).
/// A page that opens asks for a fresh read (<c>fresh: true</c>), so it also sees what changed
/// without passing through this process's change feed (another instance, a restore, a script).
/// </summary>
public sealed class DashboardSnapshots : IDisposable
{
    private const int MaxViews = 64;

    private readonly LoadDashboard _load;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<(DashboardView View, DateOnly Today), (long Version, Task<DashboardSnapshot> Read)> _reads = new();
    private long _version;

    public DashboardSnapshots(LoadDashboard load, ChangeFeed feed, TimeProvider time)
    {
        _load = load;
        _time = time;
        _subscription = feed.Subscribe(_ =>
        {
            Interlocked.Increment(ref _version);
            return Task.CompletedTask;
        });
    }

    public Task<DashboardSnapshot> GetAsync(DashboardView view, CancellationToken cancellationToken, bool fresh = false)
    {
        var version = Interlocked.Read(ref _version);
        var key = (view, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        if (_reads.Count > MaxViews)
        {
            _reads.Clear();
        }

        var entry = _reads.AddOrUpdate(
            key,
            k => (version, _load.HandleAsync(k.View, CancellationToken.None)),
            (k, old) => !fresh && old.Version >= version && !old.Read.IsFaulted && !old.Read.IsCanceled ? old : (version, _load.HandleAsync(k.View, CancellationToken.None)));
        return entry.Read.WaitAsync(cancellationToken);
    }

    public void Dispose() => _subscription.Dispose();
}
