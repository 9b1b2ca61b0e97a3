using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Catalog;

/// <summary>
/// The catalog, purchase order, planning and export tests' app: a <see cref="DeskTestHost"/> whose fake
/// clock stands at <see cref="Start"/> (Tuesday 1 Dec 2026, 09:00 UTC), and what those tests arrange
/// and compare through it.
/// </summary>
public static class CatalogHost
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A fresh app on its own database with the clock at <see cref="Start"/>; extra settings go in <paramref name="settings"/>.</summary>
    public static DeskTestHost Create(Dictionary<string, string?>? settings = null, string provider = DatabaseProvider.Sqlite) =>
        new() { Time = new FakeTimeProvider(Start), Settings = settings ?? [], Provider = provider };

    /// <summary>Places an order through the writer, as the orders endpoint will (its lines in the given order).</summary>
    public static Task PlaceOrderAsync(this DeskTestHost app, string number, DateTime placedAt, OrderPriority priority, ShipPolicy shipPolicy, params (string Sku, int Qty)[] lines) =>
        app.Services.GetRequiredService<WarehouseWriter>().WriteAsync(
            async (scope, ct) =>
            {
                var client = await DefaultClient.GetOrAddAsync(scope.Db, ct);
                var customer = new Customer($"C-{number}", $"Customer of {number}", $"{number.ToLowerInvariant()}@example.com", CustomerType.Dtc);
                var order = new SalesOrder(number, client, customer, "test", placedAt, shipPolicy, priority);
                var books = new Dictionary<Sku, SkuBook>();
                foreach (var (code, qty) in lines)
                {
                    var sku = await scope.Db.Skus.FirstAsync(s => s.Code == code, ct);
                    books[sku] = await scope.LoadBookAsync(sku, ct);
                    order.AddLine(sku, qty);
                }

                scope.Db.Orders.Add(order);
                WarehouseOperations.PlaceOrder(order, books, scope.Operation);
                return true;
            },
            TestContext.Current.CancellationToken);

    public static Task PlaceOrderAsync(this DeskTestHost app, string number, string sku, int qty, OrderPriority priority = OrderPriority.Standard, ShipPolicy shipPolicy = ShipPolicy.ShipPartial, DateTime? placedAt = null) =>
        app.PlaceOrderAsync(number, placedAt ?? app.Clock.GetUtcNow().UtcDateTime, priority, shipPolicy, (sku, qty));

    /// <summary>Counts and sums over every table these endpoints write, to prove a refused request changed nothing.</summary>
    public static async Task<string> SnapshotAsync(this DeskTestHost app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = app.CreateDbContext();
        var skus = await db.Skus.AsNoTracking().OrderBy(s => s.Code)
            .Select(s => $"{s.Code}|{s.Name}|{s.ClientId}|{s.Policy}|{s.ReleaseDate}|{s.SupplierId}|{s.LeadTimeDays}|{s.ManualReorderPoint}|{s.ManualSafetyStock}|{s.Moq}|{s.CasePack}|{s.UnitCost}|{s.OnHand}|{s.Allocated}|{s.Backordered}|{s.OnOrder}")
            .ToListAsync(ct);
        var barcodes = await db.Barcodes.AsNoTracking().OrderBy(b => b.Code).Select(b => $"{b.Code}>{b.SkuId}").ToListAsync(ct);
        var lines = await db.OrderLines.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}|{l.AllocatedQty}|{l.EtaFrom}|{l.EtaTo}|{l.EtaConfirmed}").ToListAsync(ct);
        var poLines = await db.PurchaseOrderLines.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}|{l.Qty}|{l.ExpectedDate}").ToListAsync(ct);
        var counts = new[]
        {
            await db.Clients.CountAsync(ct),
            await db.Suppliers.CountAsync(ct),
            await db.Ledger.CountAsync(ct),
            await db.Orders.CountAsync(ct),
            await db.Allocations.CountAsync(ct),
            await db.EtaChanges.CountAsync(ct),
            await db.Timeline.CountAsync(ct),
            await db.PurchaseOrders.CountAsync(ct),
            await db.ExpectedDateChanges.CountAsync(ct),
        };
        return string.Join("\n", [string.Join(",", counts), .. skus, .. barcodes, .. lines, .. poLines]);
    }
}

/// <summary>Reading answers in tests: JSON bodies and problem details.</summary>
public static class ApiAnswers
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, CatalogHost.Json, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, CatalogHost.Json, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, CatalogHost.Json, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetUrlAsync(this HttpClient client, string url) =>
        client.GetAsync(url, TestContext.Current.CancellationToken);

    /// <summary>Asserts a problem+json answer with <paramref name="status"/>; returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.JsonAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()), "The problem has no title.");
        return body;
    }

    /// <summary>Asserts a 400 with an <c>errors</c> entry for <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.ProblemAsync(400);
        Assert.True(
            body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected an error for '{field}': {body}");
        return body;
    }
}
