using System.Collections.Concurrent;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Live;

public sealed class WriterPublishingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private WriterHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync();
        await _h.SeedSkusAsync("TENT", "BOOT");
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_subscriber_stuck_on_a_batch_does_not_delay_the_answers_of_writes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<WarehouseEvent>();
        using var slow = _h.Feed.Subscribe(async events =>
        {
            entered.TrySetResult();

            // As slow as it gets: it finishes only when the test says so, after the writes were answered.
            await gate.Task;
            foreach (var e in events)
            {
                seen.Enqueue(e);
            }
        });

        await _h.PlaceOrderAsync("SO-1", "TENT", 2).WaitAsync(Patience, Ct);
        await entered.Task.WaitAsync(Patience, Ct);

        // The subscriber is now inside its first call and blocked; more writes are still answered.
        await _h.PlaceOrderAsync("SO-2", "TENT", 1).WaitAsync(Patience, Ct);
        await _h.PlaceOrderAsync("SO-3", "BOOT", 1).WaitAsync(Patience, Ct);
        Assert.False(gate.Task.IsCompleted);
        Assert.Empty(seen);

        gate.SetResult();

        // Nothing was lost while it was stuck: it catches up with every order's event.
        Assert.True(await Task.Run(() => SpinWait.SpinUntil(() => seen.OfType<OrderChanged>().Count() == 3, Patience), Ct));
        Assert.Equal(["SO-1", "SO-2", "SO-3"], seen.OfType<OrderChanged>().Select(e => e.OrderNumber));
    }

    [Fact]
    public async Task Holds_releases_priority_changes_expedites_and_cancellations_announce_the_order_and_its_queue()
    {
        await _h.PlaceOrderAsync("SO-1", "TENT", 3);
        var getOrder = new GetOrder(_h.Database, _h.Time);
        var hold = new HoldLine(_h.Writer, getOrder);
        var actor = DeskActor.System;

        _h.Published.Clear();
        await hold.HoldAsync("SO-1", 1, new HoldLineRequest("Payment check"), actor, Ct);
        AssertAnnounced("SO-1", "TENT");

        _h.Published.Clear();
        await hold.ReleaseAsync("SO-1", 1, actor, Ct);
        AssertAnnounced("SO-1", "TENT");

        _h.Published.Clear();
        await new ExpediteRequests(_h.Writer, _h.Database).RequestAsync("SO-1", "The customer's wedding is on Saturday.", actor, Ct);
        Assert.Contains(new OrderChanged("SO-1"), _h.Published);

        _h.Published.Clear();
        await new ChangePriority(_h.Writer, getOrder).HandleAsync("SO-1", new ChangePriorityRequest("Expedite"), actor, Ct);
        AssertAnnounced("SO-1", "TENT");

        _h.Published.Clear();
        await new CancelLine(_h.Writer, getOrder).HandleAsync("SO-1", 1, new CancelLineRequest(1), actor, Ct);
        AssertAnnounced("SO-1", "TENT");
    }

    private void AssertAnnounced(string order, string sku)
    {
        var published = _h.Published;
        Assert.Equal([new OrderChanged(order)], published.OfType<OrderChanged>());
        Assert.Equal([new QueueChanged(sku)], published.OfType<QueueChanged>());
    }
}
