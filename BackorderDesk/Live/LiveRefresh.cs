namespace BackorderDesk.Live;

/// <summary>
/// Lets a component refresh from the change feed without reloading for every event: events that
/// arrive while a refresh runs (or within <see cref="Interval"/> of the last one) are folded into
/// one more refresh. Dispose it with the component.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    private readonly Func<IReadOnlyList<WarehouseEvent>, bool> _relevant;
    private readonly Func<Task> _refresh;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _disposed = new();
    private int _state; // 0 idle, 1 running, 2 running and another refresh is due

    public LiveRefresh(ChangeFeed feed, TimeProvider time, Func<IReadOnlyList<WarehouseEvent>, bool> relevant, Func<Task> refresh)
    {
        _time = time;
        _relevant = relevant;
        _refresh = refresh;
        _subscription = feed.Subscribe(OnEventsAsync);
    }

    private Task OnEventsAsync(IReadOnlyList<WarehouseEvent> events)
    {
        if (_disposed.IsCancellationRequested || !_relevant(events))
        {
            return Task.CompletedTask;
        }

        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            _ = RunAsync();
        }
        else
        {
            Interlocked.Exchange(ref _state, 2);
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        try
        {
            do
            {
                Interlocked.Exchange(ref _state, 1);
                await _refresh();
                await Task.Delay(Interval, _time, _disposed.Token);
            }
            while (Interlocked.CompareExchange(ref _state, 0, 1) == 2);
        }
        catch (OperationCanceledException)
        {
            // The component went away.
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
