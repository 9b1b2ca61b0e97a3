using System.Collections.Concurrent;
using BackorderDesk.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackorderDesk.Tests.Live;

public sealed class ChangeFeedTests : IDisposable
{
    // Generous: a bound on waiting for something that must happen, never a measured time.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ChangeFeed _feed = new(NullLogger<ChangeFeed>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _feed.Dispose();

    [Fact]
    public async Task A_subscriber_that_throws_is_called_again_with_the_next_events()
    {
        var calls = 0;
        var second = new TaskCompletionSource<IReadOnlyList<WarehouseEvent>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _feed.Subscribe(events =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("The screen broke.");
            }

            second.TrySetResult(events);
            return Task.CompletedTask;
        });

        _feed.Publish([new KpisChanged()]);
        await WaitUntilAsync(() => Volatile.Read(ref calls) == 1);
        _feed.Publish([new StockChanged("TENT", 1, 0, 1, 0)]);

        Assert.Equal([new StockChanged("TENT", 1, 0, 1, 0)], await second.Task.WaitAsync(Patience, Ct));
        Assert.Equal(1, _feed.SubscriberCount);
    }

    [Fact]
    public async Task A_disposed_subscription_leaves_the_feed_and_is_not_called_again()
    {
        var seen = new ConcurrentQueue<WarehouseEvent>();
        var subscription = _feed.Subscribe(events =>
        {
            foreach (var e in events)
            {
                seen.Enqueue(e);
            }

            return Task.CompletedTask;
        });
        _feed.Publish([new QueueChanged("TENT")]);
        await WaitUntilAsync(() => seen.Count == 1);

        subscription.Dispose();
        _feed.Publish([new QueueChanged("BOOT")]);

        // The mailbox left the feed when the subscription was disposed: nothing can reach it.
        Assert.Equal(0, _feed.SubscriberCount);
        Assert.Equal([new QueueChanged("TENT")], seen);
    }

    [Fact]
    public void A_mailbox_merges_what_waits_and_drops_the_oldest_past_its_capacity_saying_how_many()
    {
        using var mailbox = _feed.OpenMailbox();
        _feed.Publish([new QueueChanged("FIRST")]);
        _feed.Publish([new QueueChanged("SECOND"), new OrderChanged("SO-1")]);

        Assert.True(mailbox.TryRead(out var merged));
        Assert.Equal([new QueueChanged("FIRST"), new QueueChanged("SECOND"), new OrderChanged("SO-1")], merged);
        Assert.False(mailbox.TryRead(out _));

        for (var i = 0; i < ChangeFeed.MailboxCapacity + 5; i++)
        {
            _feed.Publish([new StockChanged("TENT", i, 0, i, 0)]);
        }

        Assert.True(mailbox.TryRead(out var overflowed));
        Assert.Equal(ChangeFeed.MailboxCapacity + 1, overflowed.Count);
        Assert.Equal(new FeedOverflowed(5), overflowed[0]);
        Assert.Equal(new StockChanged("TENT", 5, 0, 5, 0), overflowed[1]);
        Assert.Equal(new StockChanged("TENT", ChangeFeed.MailboxCapacity + 4, 0, ChangeFeed.MailboxCapacity + 4, 0), overflowed[^1]);
    }

    [Fact]
    public async Task Publishing_returns_while_a_subscriber_is_blocked_and_the_others_still_receive()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new ConcurrentQueue<WarehouseEvent>();
        using var slow = _feed.Subscribe(async events =>
        {
            blocked.TrySetResult();
            await gate.Task;
            foreach (var e in events)
            {
                slowSeen.Enqueue(e);
            }
        });
        var fastSeen = new ConcurrentQueue<WarehouseEvent>();
        using var fast = _feed.Subscribe(events =>
        {
            foreach (var e in events)
            {
                fastSeen.Enqueue(e);
            }

            return Task.CompletedTask;
        });

        _feed.Publish([new OrderChanged("SO-0")]);
        await blocked.Task.WaitAsync(Patience, Ct);
        for (var i = 1; i <= 100; i++)
        {
            _feed.Publish([new OrderChanged($"SO-{i}")]);
        }

        await WaitUntilAsync(() => fastSeen.Count == 101);
        Assert.Empty(slowSeen);

        gate.SetResult();

        // The slow one gets the first batch, then the hundred that waited in one merged call.
        await WaitUntilAsync(() => slowSeen.Count == 101);
        Assert.Equal(fastSeen, slowSeen);
    }

    [Fact]
    public async Task Under_many_publishers_and_subscribers_no_subscriber_goes_silent()
    {
        const int Publishers = 8;
        const int PerPublisher = 400;
        const int Subscribers = 24;
        var seen = new ConcurrentQueue<WarehouseEvent>[Subscribers];
        var gotFinal = new TaskCompletionSource[Subscribers];
        var subscriptions = new List<IDisposable>();
        for (var s = 0; s < Subscribers; s++)
        {
            var mine = seen[s] = new ConcurrentQueue<WarehouseEvent>();
            var final = gotFinal[s] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var kind = s % 3;
            var calls = 0;
            subscriptions.Add(_feed.Subscribe(async events =>
            {
                foreach (var e in events)
                {
                    mine.Enqueue(e);
                }

                if (events.Any(e => e is ReceiptScanned { ScanId: "final" }))
                {
                    final.TrySetResult();
                }

                // Some are slow, some throw now and then: neither may make them miss the end.
                if (kind == 1)
                {
                    await Task.Yield();
                }
                else if (kind == 2 && ++calls % 5 == 0)
                {
                    throw new InvalidOperationException("A screen failed.");
                }
            }));
        }

        // A reader that comes and goes meanwhile must not disturb the others.
        var churn = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                using var passing = _feed.Subscribe(_ => Task.CompletedTask);
            }
        }, Ct);
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerPublisher; i++)
            {
                _feed.Publish([new StockChanged($"P{p}", i, 0, 0, 0)]);
            }
        }, Ct)));
        await churn;
        _feed.Publish([new ReceiptScanned("final", "END", 1)]);

        await Task.WhenAll(gotFinal.Select(f => f.Task)).WaitAsync(Patience, Ct);
        foreach (var mine in seen)
        {
            // Every event, once, and each publisher's in the order it published them.
            var events = mine.ToList();
            Assert.Equal(Publishers * PerPublisher + 1, events.Count);
            Assert.IsType<ReceiptScanned>(events[^1]);
            for (var p = 0; p < Publishers; p++)
            {
                var sku = $"P{p}";
                Assert.Equal(Enumerable.Range(0, PerPublisher), events.OfType<StockChanged>().Where(e => e.Sku == sku).Select(e => e.OnHand));
            }
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        Assert.Equal(0, _feed.SubscriberCount);
    }

    // SpinWait backs off to sleeping, so waiting does not starve the readers it waits for.
    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Task.Run(() => SpinWait.SpinUntil(condition, Patience), Ct), "The condition did not come true.");
}
