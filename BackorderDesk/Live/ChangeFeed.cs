using System.Threading.Channels;

namespace BackorderDesk.Live;

/// <summary>
/// The in-process change feed. The write path publishes after commit; Blazor components (through
/// <see cref="LiveRefresh"/>) and the hub forwarder read. Publishing only drops the events into one
/// mailbox per reader and never waits for a reader: a slow dashboard or hub client cannot hold up
/// the writer, and one reader cannot hold up another.
/// </summary>
/// <remarks>
/// The overflow policy of a mailbox: it holds at most <see cref="MailboxCapacity"/> events. When a
/// publish would go past that, the oldest pending events are dropped and the next read starts with
/// one <see cref="FeedOverflowed"/> saying how many were lost, so a reader that fell behind knows to
/// reload everything rather than trust the events it got. Events waiting in a mailbox are handed
/// over together: a reader gets everything published since its last read in one list, in order
/// (consecutive batches are merged), so a burst costs a slow reader one call, not one per batch.
/// </remarks>
public sealed class ChangeFeed(ILogger<ChangeFeed> logger) : IDisposable
{
    /// <summary>Events one mailbox holds before it drops its oldest.</summary>
    public const int MailboxCapacity = 10_000;

    private readonly Lock _gate = new();
    private Mailbox[] _mailboxes = [];
    private long _version;

    public int SubscriberCount => Volatile.Read(ref _mailboxes).Length;

    /// <summary>
    /// How many non-empty batches were published so far. It moves before any mailbox gets the
    /// batch, so whoever reacts to an event and reads this sees the change counted.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Hands <paramref name="events"/>, committed by this instance, to every mailbox; returns at once.</summary>
    public void Publish(IReadOnlyList<WarehouseEvent> events) => Publish(events, fromOtherInstance: false);

    /// <summary>
    /// Hands <paramref name="events"/> that another instance committed (and published there) to the
    /// mailboxes that take them: every reader but those that only hear this instance's own changes
    /// (the hub forwarder: the backplane already brought the other instance's messages to this
    /// instance's hub clients). Returns at once.
    /// </summary>
    public void PublishFromOtherInstance(IReadOnlyList<WarehouseEvent> events)
    {
        OtherInstanceChanged?.Invoke(events);
        Publish(events, fromOtherInstance: true);
    }

    /// <summary>
    /// Raised, on the publisher's thread, with what another instance committed (or a
    /// <see cref="FeedOverflowed"/> when changes may have been missed); a handler must return at once.
    /// The writer listens to drop what it keeps in memory about what changed elsewhere.
    /// </summary>
    public event Action<IReadOnlyList<WarehouseEvent>>? OtherInstanceChanged;

    /// <summary>
    /// A mailbox to read yourself (a background service); dispose it to stop receiving. Without
    /// <paramref name="includeOtherInstances"/> it gets only what this instance committed.
    /// </summary>
    public Mailbox OpenMailbox(bool includeOtherInstances = true)
    {
        var mailbox = new Mailbox(this, includeOtherInstances);
        lock (_gate)
        {
            _mailboxes = [.. _mailboxes, mailbox];
        }

        return mailbox;
    }

    /// <summary>
    /// Calls <paramref name="handler"/> from a reader loop of its own with what was published since
    /// its last call. A handler that throws is logged and still gets the next events. Disposing the
    /// subscription stops the loop (a call already running finishes).
    /// </summary>
    public IDisposable Subscribe(Func<IReadOnlyList<WarehouseEvent>, Task> handler)
    {
        var mailbox = OpenMailbox();
        _ = Task.Run(() => ReadLoopAsync(mailbox, handler));
        return mailbox;
    }

    public void Dispose()
    {
        foreach (var mailbox in Volatile.Read(ref _mailboxes))
        {
            mailbox.Dispose();
        }
    }

    private async Task ReadLoopAsync(Mailbox mailbox, Func<IReadOnlyList<WarehouseEvent>, Task> handler)
    {
        while (true)
        {
            IReadOnlyList<WarehouseEvent> events;
            try
            {
                events = await mailbox.ReadAsync(CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                return;
            }

            if (mailbox.IsDisposed)
            {
                return;
            }

            try
            {
                await handler(events);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A change-feed subscriber failed on {Count} events; it stays subscribed and gets the next ones.", events.Count);
            }
        }
    }

    private void Publish(IReadOnlyList<WarehouseEvent> events, bool fromOtherInstance)
    {
        if (events.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _version);
        foreach (var mailbox in Volatile.Read(ref _mailboxes))
        {
            if (!fromOtherInstance || mailbox.IncludesOtherInstances)
            {
                mailbox.Post(events);
            }
        }
    }

    private void Remove(Mailbox mailbox)
    {
        lock (_gate)
        {
            _mailboxes = _mailboxes.Where(m => m != mailbox).ToArray();
        }
    }

    /// <summary>One reader's pending events (see the overflow policy on <see cref="ChangeFeed"/>).</summary>
    public sealed class Mailbox : IDisposable
    {
        private readonly ChangeFeed _feed;
        private readonly Lock _gate = new();

        // A doorbell of one: posting rings it unless it already rings, so a publisher never waits
        // and a reader that took the ring and then the events cannot miss events posted after.
        private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        private List<WarehouseEvent> _pending = [];
        private int _dropped;
        private bool _disposed;

        internal Mailbox(ChangeFeed feed, bool includesOtherInstances)
        {
            _feed = feed;
            IncludesOtherInstances = includesOtherInstances;
        }

        /// <summary>Whether it also gets what other instances committed (<see cref="PublishFromOtherInstance"/>).</summary>
        public bool IncludesOtherInstances { get; }

        internal bool IsDisposed
        {
            get
            {
                lock (_gate)
                {
                    return _disposed;
                }
            }
        }

        internal void Post(IReadOnlyList<WarehouseEvent> events)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _pending.AddRange(events);
                var over = _pending.Count - MailboxCapacity;
                if (over > 0)
                {
                    _pending.RemoveRange(0, over);
                    _dropped += over;
                }
            }

            _doorbell.Writer.TryWrite(true);
        }

        /// <summary>Takes everything pending, or returns false when nothing is.</summary>
        public bool TryRead(out IReadOnlyList<WarehouseEvent> events)
        {
            lock (_gate)
            {
                if (_pending.Count == 0 || _disposed)
                {
                    events = [];
                    return false;
                }

                var taken = _pending;
                _pending = [];
                if (_dropped > 0)
                {
                    taken.Insert(0, new FeedOverflowed(_dropped));
                    _dropped = 0;
                }

                events = taken;
                return true;
            }
        }

        /// <summary>
        /// Hands everything pending to <paramref name="handle"/>, again and again as events arrive,
        /// until <paramref name="stoppingToken"/> is cancelled (a background service's loop). What the
        /// handler throws is the handler's to catch.
        /// </summary>
        public async Task ReadUntilStoppedAsync(Func<IReadOnlyList<WarehouseEvent>, Task> handle, CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<WarehouseEvent> events;
                try
                {
                    events = await ReadAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await handle(events);
            }
        }

        /// <summary>Waits for events and takes everything pending.</summary>
        /// <exception cref="ChannelClosedException">The mailbox was disposed.</exception>
        public async ValueTask<IReadOnlyList<WarehouseEvent>> ReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                await _doorbell.Reader.ReadAsync(cancellationToken);
                if (TryRead(out var events))
                {
                    return events;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _pending = [];
            }

            _feed.Remove(this);
            _doorbell.Writer.TryComplete();
        }
    }
}
