using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Live;

public sealed class LiveRefreshTests : MudBunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _reloaded = new(0);
    private int _latest;
    private int _shown;
    private int _reloads;

    public LiveRefreshTests() => Services.AddSingleton<ChangeFeed>();

    private ChangeFeed Feed => Services.GetRequiredService<ChangeFeed>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task ReloadAsync()
    {
        // What a page does: read the current state.
        _shown = Volatile.Read(ref _latest);
        _reloads++;
        _reloaded.Release();
        return Task.CompletedTask;
    }

    private IRenderedComponent<LiveRefresh> RenderLive(Func<WarehouseEvent, bool>? relevant = null, Func<Task>? reload = null)
    {
        var component = Render<LiveRefresh>(p => p
            .Add(x => x.Relevant, relevant)
            .Add(x => x.OnChange, reload ?? ReloadAsync));
        Assert.True(SpinWait.SpinUntil(() => Feed.SubscriberCount == 1, Patience));
        return component;
    }

    [Fact]
    public async Task A_burst_of_a_thousand_events_costs_at_most_two_reloads_and_the_last_state_is_shown()
    {
        RenderLive(e => e is StockChanged { Sku: "TENT" });

        for (var i = 1; i <= 1000; i++)
        {
            Volatile.Write(ref _latest, i);
            Feed.Publish([new StockChanged("TENT", i, 0, i, 0), new StockChanged("OTHER", i, 0, i, 0)]);
        }

        // The clock stood still during the burst: one reload at most could start. Each step of the
        // clock past the minimum interval lets one more start, which reads the final state.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(Patience);
        while (await InvokeAsyncOnRenderer(() => _shown) != 1000)
        {
            Time.Advance(LiveRefresh.MinimumInterval);
            await _reloaded.WaitAsync(TimeSpan.FromMilliseconds(50), patience.Token);
        }

        Assert.InRange(await InvokeAsyncOnRenderer(() => _reloads), 1, 2);
    }

    [Fact]
    public async Task Events_the_page_does_not_care_about_cause_no_reload()
    {
        RenderLive(e => e is QueueChanged { Sku: "TENT" });

        Feed.Publish([new QueueChanged("BOOT"), new OrderChanged("SO-1")]);
        Feed.Publish([new QueueChanged("TENT")]);

        Assert.True(await _reloaded.WaitAsync(Patience, Ct));
        Time.Advance(LiveRefresh.MinimumInterval * 10);
        Assert.Equal(1, await InvokeAsyncOnRenderer(() => _reloads));
    }

    [Fact]
    public async Task A_reload_that_throws_is_reported_and_the_next_change_reloads_again()
    {
        var calls = 0;
        RenderLive(reload: () =>
        {
            if (++calls == 1)
            {
                throw new InvalidOperationException("The database went away.");
            }

            return ReloadAsync();
        });

        Feed.Publish([new KpisChanged()]);
        var reported = await Renderer.UnhandledException.WaitAsync(Patience, Ct);
        Assert.Equal("The database went away.", reported.Message);

        Time.Advance(LiveRefresh.MinimumInterval);
        Feed.Publish([new KpisChanged()]);

        Assert.True(await _reloaded.WaitAsync(Patience, Ct));
        Assert.Equal(2, await InvokeAsyncOnRenderer(() => calls));
    }

    [Fact]
    public async Task A_disposed_component_unsubscribes_and_is_not_called_again()
    {
        RenderLive();
        Feed.Publish([new KpisChanged()]);
        Assert.True(await _reloaded.WaitAsync(Patience, Ct));

        await DisposeComponentsAsync();
        Assert.Equal(0, Feed.SubscriberCount);

        Time.Advance(LiveRefresh.MinimumInterval * 10);
        Feed.Publish([new KpisChanged()]);
        Time.Advance(LiveRefresh.MinimumInterval * 10);

        Assert.Equal(1, await InvokeAsyncOnRenderer(() => _reloads));
    }

    private Task<T> InvokeAsyncOnRenderer<T>(Func<T> read) => Renderer.Dispatcher.InvokeAsync(read);
}
