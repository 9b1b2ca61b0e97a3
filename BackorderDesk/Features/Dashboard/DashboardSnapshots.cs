using System.Collections.Concurrent;
using BackorderDesk.Live;

namespace BackorderDesk.Features.Dashboard;

/// <summary>
/// One <see cref="DashboardSnapshot"/> per view and change, shared by every open Dashboard: when a
/// change is published, the first circuit that refreshes reads the snapshot and the others showing
/// the same view await that same read, so fifty open dashboards cost one read per change, not fifty.
/// A read is never cancelled by the circuit that started it (others may be waiting for it).
/// </summary>
/// <remarks>
/// A page that opens asks for a fresh read (<c>fresh: true</c>), so it also sees what changed
/// without passing through this process's change feed (another instance, a restore, a script).
/// A read runs on the thread pool, never on the circuit that asked: SQLite's driver answers its
/// asynchronous calls synchronously, and a read on the circuit's thread would hold up everything
/// else that circuit shows (the live feed of receipts waits behind a second-long read otherwise).
/// </remarks>
public sealed class DashboardSnapshots
{
    private const int MaxViews = 64;

    private readonly LoadDashboard _load;
    private readonly TimeProvider _time;
    private readonly ChangeFeed _feed;
    private readonly ConcurrentDictionary<(DashboardView View, DateOnly Today), (long Version, Task<DashboardSnapshot> Read)> _reads = new();

    public DashboardSnapshots(LoadDashboard load, ChangeFeed feed, TimeProvider time)
    {
        _load = load;
        _time = time;
        _feed = feed;
    }

    public Task<DashboardSnapshot> GetAsync(DashboardView view, CancellationToken cancellationToken, bool fresh = false)
    {
        // The feed's version moves before any page hears of a change, so a page that reloads on an
        // event never gets the snapshot from before it.
        var version = _feed.Version;
        var key = (view, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        if (_reads.Count > MaxViews)
        {
            _reads.Clear();
        }

        var entry = _reads.AddOrUpdate(
            key,
            k => (version, Read(k.View)),
            (k, old) => !fresh && old.Version >= version && !old.Read.IsFaulted && !old.Read.IsCanceled ? old : (version, Read(k.View)));
        return entry.Read.WaitAsync(cancellationToken);
    }

    private Task<DashboardSnapshot> Read(DashboardView view) => Task.Run(() => _load.HandleAsync(view, CancellationToken.None));
}
