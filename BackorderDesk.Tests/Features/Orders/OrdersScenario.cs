using BackorderDesk.Data;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// A warehouse for one test: the default client (DEFAULT, ensured at start-up), supplier SUP (10 days lead time),
/// and helpers to add SKUs and POs straight into the database, receive through the API and place
/// orders through the API. The clock stands at Monday 2026-11-23 09:00 UTC unless told otherwise.
/// </summary>
public sealed class OrdersScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private int _scans;

    private OrdersScenario(DeskTestHost factory)
    {
        Factory = factory;
        Api = factory.CreateApiClient(ApiRoles.Integration);
    }

    public DeskTestHost Factory { get; }

    /// <summary>A client with the Integration key.</summary>
    public HttpClient Api { get; }

    public FakeTimeProvider? Time => Factory.Time;

    public CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<OrdersScenario> StartAsync(bool fakeClock = true) => StartAsync(DatabaseProvider.Sqlite, fakeClock);

    /// <summary>The scenario's app on <paramref name="provider"/> (one of <see cref="DatabaseProvider"/>'s names).</summary>
    public static async Task<OrdersScenario> StartAsync(string provider, bool fakeClock = true)
    {
        var scenario = new OrdersScenario(new DeskTestHost { Time = fakeClock ? new FakeTimeProvider(Monday) : null, Provider = provider });
        await using var db = scenario.Factory.CreateDbContext();
        db.Suppliers.Add(new Supplier("SUP", "Nordic Supply", 10));
        await db.SaveChangesAsync(scenario.Ct);
        return scenario;
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as X-Api-Key, or no key at all.</summary>
    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = Factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        }

        return client;
    }

    public async Task AddSkuAsync(string code, SellingPolicy policy = SellingPolicy.Backorderable, DateOnly? releaseDate = null, bool withSupplier = true, string client = DefaultClient.Code)
    {
        await using var db = Factory.CreateDbContext();
        var owner = await db.Clients.SingleOrDefaultAsync(c => c.Code == client, Ct);
        if (owner is null)
        {
            owner = new Client(client, client);
            db.Clients.Add(owner);
        }

        var sku = new Sku(code, $"{code} name", owner, SellingPolicy.Backorderable);
        sku.Describe($"{code} name", policy, releaseDate);
        if (withSupplier)
        {
            sku.SetSupply(await db.Suppliers.SingleAsync(s => s.Code == "SUP", Ct), null, 1, 1, 10m);
        }

        sku.AddBarcode($"BC-{code}");
        db.Skus.Add(sku);
        await db.SaveChangesAsync(Ct);
    }

    public async Task AddPurchaseOrderAsync(string number, string sku, int qty, DateOnly expected)
    {
        await using var db = Factory.CreateDbContext();
        var po = new PurchaseOrder(number, await db.Suppliers.SingleAsync(s => s.Code == "SUP", Ct), Monday.UtcDateTime);
        po.AddLine(await db.Skus.SingleAsync(s => s.Code == sku, Ct), qty, expected);
        db.PurchaseOrders.Add(po);
        await db.SaveChangesAsync(Ct);
    }

    public async Task ReceiveAsync(string sku, int qty)
    {
        var response = await Api.PostAsJsonAsync("/api/receipts", new { scanId = $"scan-{++_scans}", sku, qty }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Places an order of <paramref name="lines"/> ("SKU", qty) and returns its view.</summary>
    public async Task<OrderView> PlaceAsync(
        string number,
        (string Sku, int Qty)[] lines,
        string priority = "Standard",
        string shipPolicy = "ShipPartial",
        DateTimeOffset? placedAt = null,
        string customerCode = "C-1",
        string customerName = "Jane Doe",
        string? email = "jane@example.com",
        string type = "Dtc")
    {
        var response = await Api.PostAsJsonAsync(
            "/api/orders",
            new
            {
                number,
                customer = new { code = customerCode, name = customerName, email, type },
                shipPolicy,
                priority,
                placedAt,
                lines = lines.Select(l => new { sku = l.Sku, qty = l.Qty }),
            },
            Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<OrderView>(Json, Ct))!;
    }

    public async Task<OrderView> GetAsync(string number)
    {
        var response = await Api.GetAsync($"/api/orders/{Uri.EscapeDataString(number)}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<OrderView>(Json, Ct))!;
    }

    public async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public async Task<(int OnHand, int Allocated, int Backordered)> SkuAsync(string code)
    {
        await using var db = Factory.CreateDbContext();
        var sku = await db.Skus.AsNoTracking().SingleAsync(s => s.Code == code, Ct);
        return (sku.OnHand, sku.Allocated, sku.Backordered);
    }

    /// <summary>Everything a refused request must leave as it was.</summary>
    public async Task<DatabaseState> StateAsync()
    {
        await using var db = Factory.CreateDbContext();
        var skus = await db.Skus.AsNoTracking().OrderBy(s => s.Code).Select(s => $"{s.Code}:{s.OnHand}/{s.Allocated}/{s.Backordered}/{s.OnOrder}").ToListAsync(Ct);
        var lines = await db.OrderLines.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}:{l.AllocatedQty}/{l.ShippedQty}/{l.CancelledQty}/{l.OnHold}/{l.EtaFrom}/{l.EtaTo}").ToListAsync(Ct);
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Code}:{c.Name}/{c.Email}/{c.Type}").ToListAsync(Ct);
        var orders = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => $"{o.Number}:{o.Priority}/{o.ShippedAt}").ToListAsync(Ct);
        return new DatabaseState(
            string.Join(";", skus),
            string.Join(";", orders),
            string.Join(";", lines),
            string.Join(";", customers),
            await db.Allocations.CountAsync(Ct),
            await db.Ledger.CountAsync(Ct),
            await db.Timeline.CountAsync(Ct),
            await db.EtaChanges.CountAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }

    public sealed record DatabaseState(string Skus, string Orders, string Lines, string Customers, int Allocations, int Ledger, int Timeline, int EtaChanges);
}
