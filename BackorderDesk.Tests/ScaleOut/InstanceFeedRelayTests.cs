using System.Text.Json;
using System.Threading.Channels;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BackorderDesk.Tests.ScaleOut;

/// <summary>
/// Two instances' change feeds joined through the real Redis of <c>./test.sh</c> (each test on a
/// channel prefix of its own, so tests running at once never hear each other).
/// </summary>
public sealed class InstanceFeedRelayTests : IAsyncDisposable
{
    // Generous: a bound on waiting for something that must happen, never a measured time.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _prefix = $"bod-test-{Guid.NewGuid():N}";
    private readonly List<(ChangeFeed Feed, InstanceFeedRelay Relay)> _instances = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_event_travels_as_json_and_comes_back_equal()
    {
        WarehouseEvent[] events =
        [
            new StockChanged("TENT", 5, 2, 3, 1),
            new Allocated("TENT", "SO-1", 2, 3, true),
            new ReceiptScanned("S-1", "TENT", 4),
            new AlertRaised("TENT", "Stockout"),
            new KpisChanged(),
            new OrderChanged("SO-1"),
            new QueueChanged("TENT"),
            new FeedOverflowed(7),
        ];

        var json = JsonSerializer.Serialize<IReadOnlyList<WarehouseEvent>>(events, JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<IReadOnlyList<WarehouseEvent>>(json, JsonSerializerOptions.Web);

        Assert.Equal(events, back);
    }

    [Fact]
    public async Task A_change_on_one_instance_reaches_the_others_screens_once_but_not_their_hub_forwarder()
    {
        var (a, _) = await StartInstanceAsync(RedisServer);
        var (b, _) = await StartInstanceAsync(RedisServer);
        using var aScreen = Reader(a);
        using var bScreen = Reader(b);
        using var bForwarder = b.OpenMailbox(includeOtherInstances: false);

        a.Publish([new ReceiptScanned("S-1", "TENT", 4), new StockChanged("TENT", 4, 0, 4, 0)]);
        Assert.Equal([new ReceiptScanned("S-1", "TENT", 4), new StockChanged("TENT", 4, 0, 4, 0)], await bScreen.ThroughAsync(e => e is StockChanged));

        // Redis hands out messages in the order published, so an echo of an instance's own change
        // would come before the next change of the other instance: every list below is exact.
        b.Publish([new KpisChanged()]);
        Assert.Equal([new ReceiptScanned("S-1", "TENT", 4), new StockChanged("TENT", 4, 0, 4, 0), new KpisChanged()], await aScreen.ThroughAsync(e => e is KpisChanged));
        a.Publish([new OrderChanged("SO-LAST")]);
        Assert.Equal([new KpisChanged(), new OrderChanged("SO-LAST")], await bScreen.ThroughAsync(e => e is OrderChanged));

        // B's hub forwarder got B's own change only: the backplane brings A's hub messages to B's clients.
        Assert.True(bForwarder.TryRead(out var forwarded));
        Assert.Equal([new KpisChanged()], forwarded);
    }

    [Fact]
    public async Task Instances_with_another_channel_prefix_hear_nothing()
    {
        var (a, _) = await StartInstanceAsync(RedisServer);
        var (b, _) = await StartInstanceAsync(RedisServer);
        var (other, _) = await StartInstanceAsync(RedisServer, prefix: _prefix + "-other");
        var (otherSecond, _) = await StartInstanceAsync(RedisServer, prefix: _prefix + "-other");
        using var bScreen = Reader(b);
        using var otherScreen = Reader(other);

        a.Publish([new OrderChanged("SO-1")]);
        Assert.Equal([new OrderChanged("SO-1")], await bScreen.ThroughAsync(e => e is OrderChanged));
        otherSecond.Publish([new OrderChanged("SO-OTHER")]);

        // A's change went through Redis before the other warehouse's: had that one heard it, it would come first.
        Assert.Equal([new OrderChanged("SO-OTHER")], await otherScreen.ThroughAsync(e => e is OrderChanged));
    }

    [Fact]
    public async Task When_the_link_comes_back_after_an_outage_screens_are_told_to_reload_and_hear_again()
    {
        var (a, _) = await StartInstanceAsync(RedisServer);
        var (b, bRelay) = await StartInstanceAsync(RedisServer);
        using var bScreen = Reader(b);
        using var bForwarder = b.OpenMailbox(includeOtherInstances: false);

        // Redis drops B's connections (as when Redis restarts); StackExchange.Redis reconnects.
        await KillConnectionsOfAsync(bRelay);

        Assert.Equal([new FeedOverflowed(0)], await bScreen.ThroughAsync(e => e is FeedOverflowed));
        Assert.False(bForwarder.TryRead(out _));

        // Once B's subscription is renewed, A's changes reach B's screens again.
        await WaitForSubscribersAsync(2);
        a.Publish([new OrderChanged("SO-AFTER")]);
        var heard = await bScreen.ThroughAsync(e => e is OrderChanged);
        Assert.Equal(new OrderChanged("SO-AFTER"), heard[^1]);
        Assert.All(heard[..^1], e => Assert.IsType<FeedOverflowed>(e));
    }

    [Fact]
    public async Task Without_redis_an_instance_starts_and_its_own_feed_keeps_working()
    {
        // A port nobody listens on: the relay must neither block the start nor fail a publish.
        var (a, relay) = await StartInstanceAsync($"127.0.0.1:{FreePort()},connectTimeout=500");
        using var screen = Reader(a);

        a.Publish([new StockChanged("TENT", 1, 0, 1, 0)]);
        a.Publish([new KpisChanged()]);

        var heard = await screen.ThroughAsync(e => e is KpisChanged);
        Assert.Equal([new StockChanged("TENT", 1, 0, 1, 0), new KpisChanged()], heard);
        Assert.NotNull(relay.ExecuteTask);
        Assert.False(relay.ExecuteTask.IsCompleted);
    }

    [Fact]
    public void A_redis_setting_without_a_server_stops_the_start_with_what_to_fix()
    {
        var error = Assert.Throws<OptionsValidationException>(() => RedisConfiguration.For(new BackorderDeskOptions { Redis = "password=secret" }, "feed"));
        Assert.Equal("BackorderDesk:Redis names no server. Give host:port, e.g. 127.0.0.1:6379.", error.Message);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (feed, relay) in _instances)
        {
            await relay.StopAsync(CancellationToken.None);
            relay.Dispose();
            feed.Dispose();
        }
    }

    /// <summary>The Redis <c>./test.sh</c> starts; a clear failure when the tests were started some other way.</summary>
    internal static string RedisServer =>
        Environment.GetEnvironmentVariable("BOD_TEST_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BOD_TEST_REDIS is not set: the scale-out tests need the Redis ./test.sh starts. Run them through ./test.sh.");

    private async Task<(ChangeFeed Feed, InstanceFeedRelay Relay)> StartInstanceAsync(string redis, string? prefix = null)
    {
        var feed = new ChangeFeed(NullLogger<ChangeFeed>.Instance);
        var options = Options.Create(new BackorderDeskOptions { Redis = redis, RedisChannelPrefix = prefix ?? _prefix });
        var relay = new InstanceFeedRelay(feed, options, NullLogger<InstanceFeedRelay>.Instance);
        _instances.Add((feed, relay));
        await relay.StartAsync(Ct);
        return (feed, relay);
    }

    /// <summary>Drops every connection the relay of one instance holds (found by its client name).</summary>
    private static async Task KillConnectionsOfAsync(InstanceFeedRelay relay)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{RedisServer},allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var name = relay.ClientName;
        var ids = (await server.ClientListAsync()).Where(c => c.Name == name).Select(c => c.Id).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            await server.ClientKillAsync(id: id);
        }
    }

    /// <summary>Waits until Redis counts <paramref name="count"/> subscribers on this test's channel.</summary>
    private async Task WaitForSubscribersAsync(int count)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(RedisServer);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var channel = $"{_prefix}:{InstanceFeedRelay.ChannelName}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Patience);
        while (true)
        {
            var reply = (RedisResult[])(await server.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
            if ((long)reply[1] >= count)
            {
                return;
            }

            // Polling Redis's own count while the client resubscribes; not a timing assertion.
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    private static ScreenReader Reader(ChangeFeed feed) => new(feed);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A screen's subscription: what it is handed, one call at a time.</summary>
    private sealed class ScreenReader : IDisposable
    {
        private readonly Channel<IReadOnlyList<WarehouseEvent>> _calls = Channel.CreateUnbounded<IReadOnlyList<WarehouseEvent>>();
        private readonly IDisposable _subscription;

        public ScreenReader(ChangeFeed feed) => _subscription = feed.Subscribe(events =>
        {
            _calls.Writer.TryWrite(events);
            return Task.CompletedTask;
        });

        private readonly List<WarehouseEvent> _early = [];

        /// <summary>Everything the screen was handed, up to and including the first event that matches <paramref name="last"/>.</summary>
        public async Task<List<WarehouseEvent>> ThroughAsync(Func<WarehouseEvent, bool> last)
        {
            var heard = new List<WarehouseEvent>();
            while (true)
            {
                if (_early.Count == 0)
                {
                    _early.AddRange(await _calls.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct));
                }

                var e = _early[0];
                _early.RemoveAt(0);
                heard.Add(e);
                if (last(e))
                {
                    return heard;
                }
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
