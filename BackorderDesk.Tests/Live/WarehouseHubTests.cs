using System.Net.Http.Json;
using System.Threading.Channels;
using BackorderDesk.Domain;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackorderDesk.Tests.Live;

public sealed class WarehouseHubTests : IAsyncLifetime
{
    private readonly DeskTestHost _factory = new();

    public async ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        await using var db = _factory.CreateDbContext();
        var client = new Client("ACME", "Acme Outdoor");
        var supplier = new Supplier("SUP", "Northwind Supply", 10);
        foreach (var code in new[] { "TENT", "BOOT" })
        {
            var sku = new Sku(code, code, client, SellingPolicy.Backorderable);
            sku.SetSupply(supplier, null, 1, 1, 1m);
            sku.AddBarcode("B-" + code);
            db.Skus.Add(sku);
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var writer = (BackorderDesk.Data.WarehouseWriter)_factory.Services.GetService(typeof(BackorderDesk.Data.WarehouseWriter))!;
        await writer.WriteAsync(async (scope, ct) =>
        {
            var sku = scope.Db.Skus.Single(s => s.Code == "TENT");
            var order = new SalesOrder("SO-1", scope.Db.Clients.Single(c => c.Code == "ACME"), new Customer("C1", "Ann", "ann@example.com", CustomerType.Dtc), "web", scope.Now, ShipPolicy.ShipPartial, OrderPriority.Standard);
            order.AddLine(sku, 2);
            WarehouseOperations.PlaceOrder(order, new Dictionary<Sku, SkuBook> { [sku] = await scope.LoadBookAsync(sku, ct) }, scope.Operation);
            scope.Db.Orders.Add(order);
            return 0;
        });
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_client_in_a_sku_group_receives_stock_changed_and_allocated_after_a_scan()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = Channel.CreateUnbounded<(string Method, object Payload)>();
        await using var hub = Connect(DeskTestHost.ReadOnlyKey);
        hub.On<StockChangedMessage>("StockChanged", m => received.Writer.TryWrite(("StockChanged", m)));
        hub.On<AllocatedMessage>("Allocated", m => received.Writer.TryWrite(("Allocated", m)));
        hub.On<ScannedMessage>("ReceiptScanned", m => received.Writer.TryWrite(("ReceiptScanned", m)));
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinSku", "TENT", ct);

        var http = _factory.CreateApiClient(ApiRoles.Scanner);
        var response = await http.PostAsJsonAsync("/api/receipts", new { scanId = "R-1", barcode = "B-TENT", qty = 3 }, ct);
        response.EnsureSuccessStatusCode();

        var messages = new List<(string, object)>();
        while (messages.Count < 3)
        {
            messages.Add(await received.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
        }

        Assert.Contains(("ReceiptScanned", (object)new ScannedMessage("R-1", "TENT", 3)), messages);
        Assert.Contains(("Allocated", (object)new AllocatedMessage("TENT", "SO-1", 1, 2, true)), messages);
        Assert.Contains(("StockChanged", (object)new StockChangedMessage("TENT", 3, 2, 1, 0)), messages);
    }

    [Fact]
    public async Task A_client_of_another_sku_group_hears_nothing_of_this_sku()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = Channel.CreateUnbounded<string>();
        await using var hub = Connect(DeskTestHost.ReadOnlyKey);
        hub.On<StockChangedMessage>("StockChanged", m => received.Writer.TryWrite(m.Sku));
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinSku", "BOOT", ct);

        var http = _factory.CreateApiClient(ApiRoles.Scanner);
        (await http.PostAsJsonAsync("/api/receipts", new { scanId = "R-2", sku = "TENT", qty = 1 }, ct)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/receipts", new { scanId = "R-3", sku = "BOOT", qty = 1 }, ct)).EnsureSuccessStatusCode();

        // Messages on one connection arrive in order: BOOT's change comes after TENT's would have.
        Assert.Equal("BOOT", await received.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
    }

    [Fact]
    public async Task A_scanner_can_scan_through_the_hub_with_the_same_answer_as_the_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = Connect(DeskTestHost.ScannerKey);
        await hub.StartAsync(ct);

        var first = await hub.InvokeAsync<ReceiptAnswer>("Scan", "H-1", "B-TENT", 1, ct);
        var again = await hub.InvokeAsync<ReceiptAnswer>("Scan", "H-1", "B-TENT", 1, ct);

        Assert.True(first.Applied);
        Assert.Equal([new ReceiptAllocation("SO-1", 1, 1, true)], first.Allocations);
        Assert.False(again.Applied);
        Assert.Equal(1, again.OnHand);
    }

    [Fact]
    public async Task A_read_only_key_may_listen_but_not_scan()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = Connect(DeskTestHost.ReadOnlyKey);
        await hub.StartAsync(ct);

        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync<ReceiptAnswer>("Scan", "H-2", "B-TENT", 1, ct));
    }

    [Fact]
    public async Task A_connection_without_a_valid_key_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = Connect("wrong-key");

        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync(ct));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    private HubConnection Connect(string key) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, $"{WarehouseHub.Path}?apiKey={key}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            })
            .Build();

    private sealed record StockChangedMessage(string Sku, int OnHand, int Allocated, int Available, int Backordered);

    private sealed record AllocatedMessage(string Sku, string OrderNumber, int LineNumber, int Qty, bool CrossDock);

    private sealed record ScannedMessage(string ScanId, string Sku, int Qty);
}
