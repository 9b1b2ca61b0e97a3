namespace BackorderDesk.Live;

/// <summary>
/// The in-process change feed: Blazor components and the hub forwarder subscribe; the write path
/// publishes after commit. Subscribers are called one batch at a time, outside any lock; a failing
/// subscriber is logged and never stops the others.
/// </summary>
public sealed class ChangeFeed(ILogger<ChangeFeed> logger)
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    public IDisposable Subscribe(Func<IReadOnlyList<WarehouseEvent>, Task> handler)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    public int SubscriberCount => _subscribers.Handlers.Count;

    public async Task PublishAsync(IReadOnlyList<WarehouseEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var handler in _subscribers.Handlers)
        {
            try
            {
                await handler(events);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A change-feed subscriber failed; the others still get the update.");
            }
        }
    }

    private void Unsubscribe(Func<IReadOnlyList<WarehouseEvent>, Task> handler)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(handler);
        }
    }

    private sealed record ImmutableSubscribers(IReadOnlyList<Func<IReadOnlyList<WarehouseEvent>, Task>> Handlers)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers Add(Func<IReadOnlyList<WarehouseEvent>, Task> handler) => new([.. Handlers, handler]);

        public ImmutableSubscribers Remove(Func<IReadOnlyList<WarehouseEvent>, Task> handler) => new(Handlers.Where(h => h != handler).ToList());
    }

    private sealed class Subscription(ChangeFeed feed, Func<IReadOnlyList<WarehouseEvent>, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unsubscribe(handler);
            }
        }
    }
}
