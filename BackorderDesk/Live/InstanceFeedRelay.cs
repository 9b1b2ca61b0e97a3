using System.Text.Json;
using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BackorderDesk.Live;

/// <summary>
/// Joins the change feeds of several instances through Redis pub/sub (when <c>BackorderDesk:Redis</c>
/// is set): what this instance commits goes out on one channel, and what the others commit comes
/// back into this instance's feed (<see cref="ChangeFeed.PublishFromOtherInstance"/>), so a scan on
/// one instance changes the screens of every other.
/// </summary>
/// <remarks>
/// It reads a mailbox of its own, like any other reader: the writer never waits for Redis, and a
/// Redis outage does not stop writes. It is logged, StackExchange.Redis keeps reconnecting, and
/// when the subscription is back every screen here is told to reload (<see cref="FeedOverflowed"/>),
/// since what the other instances committed meanwhile was never heard.
/// </remarks>
public sealed class InstanceFeedRelay(ChangeFeed feed, IOptions<BackorderDeskOptions> options, ILogger<InstanceFeedRelay> logger) : BackgroundService
{
    /// <summary>The channel's name after <see cref="BackorderDeskOptions.RedisChannelPrefix"/>.</summary>
    public const string ChannelName = "changes";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ChangeFeed.Mailbox? _mailbox;
    private ConnectionMultiplexer? _redis;
    private bool _publishFailing;

    /// <summary>Tells this instance's own messages from the others' on the shared channel.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The name its Redis connections carry (Redis's <c>CLIENT LIST</c>); set when it starts.</summary>
    public string? ClientName { get; private set; }

    /// <summary>Connects (in the background if Redis cannot be reached now) and opens the mailbox before anything is published.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _mailbox = feed.OpenMailbox(includeOtherInstances: false);
        var configuration = RedisConfiguration.For(options.Value, "feed-" + InstanceId);
        ClientName = configuration.ClientName;
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        var subscriber = _redis.GetSubscriber();
        ChannelMessageQueue queue;
        if (_redis.IsConnected)
        {
            try
            {
                queue = await subscriber.SubscribeAsync(Channel);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Subscribing to the other instances' changes failed; it is renewed when Redis answers again.");
                await subscriber.UnsubscribeAsync(Channel, flags: CommandFlags.FireAndForget);
                queue = await subscriber.SubscribeAsync(Channel, CommandFlags.FireAndForget);
            }
        }
        else
        {
            logger.LogWarning("Redis ({Endpoints}) cannot be reached; this instance keeps working and keeps trying. Until it can, screens here do not see what other instances change.", string.Join(", ", configuration.EndPoints));

            // Without waiting for Redis: the subscription is remembered and made when it connects.
            queue = await subscriber.SubscribeAsync(Channel, CommandFlags.FireAndForget);
        }

        // One queue, read in order: the changes of each instance reach the screens in the order committed.
        queue.OnMessage(OnMessage);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _mailbox?.Dispose();
        if (_redis is not null)
        {
            await _redis.CloseAsync(allowCommandsToComplete: false);
            await _redis.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mailbox = _mailbox ?? throw new InvalidOperationException("The relay reads only after it started.");
        var redis = _redis ?? throw new InvalidOperationException("The relay reads only after it started.");
        var subscriber = redis.GetSubscriber();
        await mailbox.ReadUntilStoppedAsync(async events =>
        {
            try
            {
                var message = JsonSerializer.Serialize(new RelayedChanges(InstanceId, events), Json);
                await subscriber.PublishAsync(Channel, message);
                if (_publishFailing)
                {
                    _publishFailing = false;
                    logger.LogInformation("Changes reach the other instances again.");
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Lost for the other instances; their screens reload when their own link comes back.
                if (!_publishFailing)
                {
                    _publishFailing = true;
                    logger.LogWarning(ex, "{Count} changes could not be sent to the other instances through Redis; their screens miss them until Redis is back.", events.Count);
                }
            }
        }, stoppingToken);
    }

    private static RedisChannel Channel => RedisChannel.Literal(ChannelName);

    private void OnMessage(ChannelMessage message)
    {
        RelayedChanges? changes;
        try
        {
            changes = JsonSerializer.Deserialize<RelayedChanges>(message.Message.ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A message on the changes channel was not understood and was ignored (is another version of the app using the same channel prefix?).");
            return;
        }

        if (changes is null || changes.Instance == InstanceId)
        {
            return;
        }

        feed.PublishFromOtherInstance(changes.Events);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            logger.LogWarning(e.Exception, "The link to the other instances through Redis ({Endpoint}) is down ({Failure}); reconnecting. Screens here miss their changes meanwhile.", e.EndPoint, e.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            logger.LogInformation("The link to the other instances through Redis ({Endpoint}) is back; screens here reload.", e.EndPoint);
            feed.PublishFromOtherInstance([new FeedOverflowed(0)]);
        }
    }

    /// <summary>What goes over the channel: one instance's committed changes, in order.</summary>
    private sealed record RelayedChanges(string Instance, IReadOnlyList<WarehouseEvent> Events);
}
