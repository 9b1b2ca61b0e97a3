using BackorderDesk.Features.Receiving;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BackorderDesk.Live;

/// <summary>
/// The hub for scanners and other programs (the app's own pages use <see cref="ChangeFeed"/>).
/// Groups: one per SKU, and "all".
/// </summary>
[Authorize(Policy = Policies.ApiRead)]
public sealed class WarehouseHub(ReceiveScan receive, HubSessions sessions) : Hub
{
    public override Task OnConnectedAsync()
    {
        sessions.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public const string Path = "/hubs/warehouse";
    public const string AllGroup = "all";

    public static string SkuGroup(string sku) => "sku:" + sku;

    public Task JoinSku(string sku) => Groups.AddToGroupAsync(Context.ConnectionId, SkuGroup(sku));

    public Task LeaveSku(string sku) => Groups.RemoveFromGroupAsync(Context.ConnectionId, SkuGroup(sku));

    public Task JoinAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);

    /// <summary>Same effect and answer as <c>POST /api/receipts</c>.</summary>
    [Authorize(Policy = Policies.ApiScan)]
    public async Task<ReceiptAnswer> Scan(string scanId, string barcode, int qty)
    {
        try
        {
            return await receive.HandleAsync(new ReceiptRequest(scanId, barcode, null, qty, null), Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is Domain.DomainException or ValidationException or Data.WarehouseBusyException)
        {
            throw new HubException(ex.Message);
        }
    }
}

/// <summary>
/// Forwards the change feed to hub clients (the SKU's group and "all") from a mailbox of its own,
/// so the writer never waits for a SignalR send. Only the messages API.md lists are forwarded;
/// the in-process <see cref="OrderChanged"/>, <see cref="QueueChanged"/> and
/// <see cref="FeedOverflowed"/> are not part of the hub's contract. Only this instance's own changes
/// are forwarded: with several instances the SignalR backplane takes each message to the hub clients
/// of every instance, so forwarding what came from another instance would send it twice.
/// </summary>
internal sealed class HubForwarder(ChangeFeed feed, IHubContext<WarehouseHub> hub, ILogger<HubForwarder> logger) : BackgroundService
{
    private const string AllGroupName = WarehouseHub.AllGroup;

    private ChangeFeed.Mailbox? _mailbox;

    // The mailbox opens when the host starts (not when ExecuteAsync gets going on its own thread),
    // so nothing published after start-up is missed.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _mailbox = feed.OpenMailbox(includeOtherInstances: false);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _mailbox?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mailbox = _mailbox ?? throw new InvalidOperationException("The hub forwarder reads only after it started.");
        await mailbox.ReadUntilStoppedAsync(async events =>
        {
            try
            {
                await ForwardAsync(events, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Forwarding {Count} events to hub clients failed; the next ones are still forwarded.", events.Count);
            }
        }, stoppingToken);
    }

    private async Task ForwardAsync(IReadOnlyList<WarehouseEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            var (method, payload) = e switch
            {
                StockChanged s => ("StockChanged", (object)new { s.Sku, s.OnHand, s.Allocated, s.Available, s.Backordered }),
                Allocated a => ("Allocated", new { a.Sku, a.OrderNumber, a.LineNumber, a.Qty, a.CrossDock }),
                ReceiptScanned r => ("ReceiptScanned", new { r.ScanId, r.Sku, r.Qty }),
                AlertRaised a => ("AlertRaised", new { a.Sku, a.Kind }),
                KpisChanged => ("KpisChanged", new { }),
                _ => ("", new { }),
            };
            if (method.Length == 0)
            {
                continue;
            }

            var clients = e.Sku is { } sku ? hub.Clients.Groups(AllGroupName, WarehouseHub.SkuGroup(sku)) : hub.Clients.Group(AllGroupName);
            await clients.SendAsync(method, payload, cancellationToken);
        }
    }
}
