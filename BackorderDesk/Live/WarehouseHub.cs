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

/// <summary>Forwards the change feed to hub clients: the SKU's group and "all".</summary>
internal sealed class HubForwarder(ChangeFeed feed, IHubContext<WarehouseHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task ForwardAsync(IReadOnlyList<WarehouseEvent> events)
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
            await clients.SendAsync(method, payload);
        }
    }

    private const string AllGroupName = WarehouseHub.AllGroup;
}
