using System.Net.Http.Json;
using System.Threading.Channels;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackorderDesk.Tests.Features.Planning;

/// <summary>An order through the API that brings a SKU to its reorder point reaches hub clients as AlertRaised.</summary>
public sealed class AlertRaisedHubTests : IAsyncLifetime
{
    private readonly DeskTestHost _factory = new();

    public async ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        await using var db = _factory.CreateDbContext();
        var client = new Client("ACME", "Acme Outdoor");
        var sku = new Sku("TENT", "Tent", client, SellingPolicy.Backorderable);
        sku.SetSupply(new Supplier("SUP", "Northwind Supply", 10), null, 1, 1, 1m);
        // Manual, so that the order below moves only the position (a computed reorder point follows the demand).
        sku.SetManualPlanning(reorderPoint: 2, safetyStock: 1);
        db.Skus.Add(sku);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_order_that_takes_the_position_to_the_reorder_point_reaches_the_hub_as_alert_raised()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = _factory.CreateApiClient(ApiRoles.Integration);
        (await http.PostAsJsonAsync("/api/adjustments", new { sku = "TENT", qtyDelta = 5, reason = "opening stock" }, ct)).EnsureSuccessStatusCode();

        var messages = Channel.CreateUnbounded<string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, $"{WarehouseHub.Path}?apiKey={DeskTestHost.ReadOnlyKey}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            })
            .Build();
        hub.On<AlertMessage>("AlertRaised", m => messages.Writer.TryWrite($"AlertRaised {m.Sku} {m.Kind}"));
        hub.On<StockMessage>("StockChanged", m => messages.Writer.TryWrite($"StockChanged {m.Sku} available {m.Available}"));
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinAll", ct);

        // IP 5 → 3: above the reorder point of 2, no alert; then 3 → 2: at it.
        await PlaceAsync(http, "SO-1", 2, ct);
        await PlaceAsync(http, "SO-2", 1, ct);

        var received = new List<string>();
        while (received.Count < 3)
        {
            received.Add(await messages.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
        }

        // In order: the first order's change alone, then the second's with the alert right after it.
        Assert.Equal(["StockChanged TENT available 3", "StockChanged TENT available 2", "AlertRaised TENT BelowReorderPoint"], received);
    }

    private static async Task PlaceAsync(HttpClient http, string number, int qty, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/api/orders", new
        {
            number,
            customer = new { code = "C-" + number, name = "Customer", type = "Dtc" },
            client = "ACME",
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "TENT", qty } },
        }, ct);
        response.EnsureSuccessStatusCode();
    }

    private sealed record AlertMessage(string Sku, string Kind);

    private sealed record StockMessage(string Sku, int OnHand, int Allocated, int Available, int Backordered);
}
