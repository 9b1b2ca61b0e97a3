using System.Text.Json;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Catalog;

public class QueueAndAvailabilityApiTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="QueueAndAvailabilityApiTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private readonly DeskTestHost _app;

    public QueueAndAvailabilityApiTests() => _app = CatalogHost.Create(provider: Provider);

    private HttpClient _api = null!;

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Queue_lists_waiting_lines_in_allocation_order_with_their_etas()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "ACME" });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 1, reason = "opening stock" });
        await _app.PlaceOrderAsync("SO-3", "TENT-1", 2, placedAt: Now.AddHours(-2));
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 1, placedAt: Now.AddHours(-1));
        await _app.PlaceOrderAsync("SO-2", "TENT-1", 4, OrderPriority.Expedite);
        await _app.PlaceOrderAsync("SO-4", "TENT-1", 1, OrderPriority.KeyAccount, ShipPolicy.ShipComplete, Now.AddMinutes(-30));
        await _app.PlaceOrderAsync("SO-9", "TENT-1", 1, placedAt: Now.AddMinutes(-10));
        await _app.PlaceOrderAsync("SO-10", "TENT-1", 1, placedAt: Now.AddMinutes(-10));
        await HoldAsync("SO-4", "payment declined");
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });

        var queue = (await (await _app.ReadOnly().GetUrlAsync("/api/skus/TENT-1/queue")).JsonAsync()).EnumerateArray().ToList();

        // Expedite, KeyAccount (held: keeps its place), then Standard by placed-at, then by order number (ordinal: SO-10 < SO-9).
        Assert.Equal(["SO-2", "SO-4", "SO-3", "SO-1", "SO-10", "SO-9"], queue.Select(q => q.GetProperty("orderNumber").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6], queue.Select(q => q.GetProperty("position").GetInt32()));
        var first = queue[0];
        Assert.Equal(1, first.GetProperty("lineNumber").GetInt32());
        Assert.Equal("Expedite", first.GetProperty("priority").GetString());
        Assert.Equal(Now, first.GetProperty("placedAt").GetDateTime().ToUniversalTime());
        Assert.Equal(4, first.GetProperty("openQty").GetInt32());
        Assert.Equal(0, first.GetProperty("allocatedQty").GetInt32());
        Assert.Equal(4, first.GetProperty("waitingQty").GetInt32());
        Assert.Equal("ShipPartial", first.GetProperty("shipPolicy").GetString());
        Assert.False(first.GetProperty("onHold").GetBoolean());
        Assert.True(queue[1].GetProperty("onHold").GetBoolean());
        Assert.Equal("ShipComplete", queue[1].GetProperty("shipPolicy").GetString());
        Assert.Equal((2, 1, 1), (queue[2].GetProperty("openQty").GetInt32(), queue[2].GetProperty("allocatedQty").GetInt32(), queue[2].GetProperty("waitingQty").GetInt32()));

        // PO-1's 5 units (Dec 8, +1 working day) cover SO-2's 4 and the held SO-4's 1: a held line ahead counts
        // like any other (docs/rules.md R3 (ETA): under-promise), so SO-3 and later wait for the 10-day lead time: Dec 11 + 1 working day.
        Assert.Equal(Eta("2026-12-09", "2026-12-09", true), EtaOf(queue[0]));
        Assert.Equal(Eta("2026-12-09", "2026-12-09", true), EtaOf(queue[1]));
        Assert.Equal(Eta("2026-12-14", "2026-12-14", false), EtaOf(queue[2]));
        Assert.Equal(Eta("2026-12-14", "2026-12-14", false), EtaOf(queue[3]));
        Assert.Equal(Eta("2026-12-14", "2026-12-14", false), EtaOf(queue[5]));
    }

    [Fact]
    public async Task Availability_of_a_backordered_sku_quotes_the_end_of_the_queue()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "ACME" });
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 4);
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 4, expectedDate = "2026-12-08" } } });

        // The 4 inbound units all go to SO-1: a new unit waits for the lead time, not yet confirmed.
        var unconfirmed = await (await _app.ReadOnly().GetUrlAsync("/api/availability/TENT-1")).JsonAsync();
        Assert.Equal("TENT-1", unconfirmed.GetProperty("sku").GetString());
        Assert.Equal("Backordered", unconfirmed.GetProperty("status").GetString());
        Assert.Equal(0, unconfirmed.GetProperty("available").GetInt32());
        Assert.Equal(Eta("2026-12-14", "2026-12-14", false), EtaOf(unconfirmed));
        Assert.Equal("Backordered – ships around Dec 14 (not yet confirmed)", unconfirmed.GetProperty("badge").GetString());

        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-2", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 10, expectedDate = "2026-12-15" } } });
        var confirmed = await (await _app.ReadOnly().GetUrlAsync("/api/availability/TENT-1")).JsonAsync();
        Assert.Equal(Eta("2026-12-16", "2026-12-16", true), EtaOf(confirmed));
        Assert.Equal("Backordered – ships Dec 16", confirmed.GetProperty("badge").GetString());
    }

    [Fact]
    public async Task Availability_follows_the_selling_policy()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "IN", name = "In stock", policy = "StopSelling", supplier = "ACME" });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "IN", qtyDelta = 5, reason = "opening stock" });
        await _api.PostJsonAsync("/api/skus", new { sku = "STOP", name = "Stop selling", policy = "StopSelling", supplier = "ACME" });
        await _api.PostJsonAsync("/api/skus", new { sku = "PRE", name = "Preorder", policy = "Preorder", releaseDate = "2027-01-15", supplier = "ACME" });
        await _api.PostJsonAsync("/api/skus", new { sku = "GONE", name = "Discontinued", policy = "Discontinued", supplier = "ACME" });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "GONE", qtyDelta = 2, reason = "last units" });
        await _api.PostJsonAsync("/api/skus", new { sku = "NODATE", name = "No supplier", policy = "Backorderable" });

        var inStock = await Availability("IN");
        Assert.Equal(("InStock", 5, "In stock"), (inStock.GetProperty("status").GetString(), inStock.GetProperty("available").GetInt32(), inStock.GetProperty("badge").GetString()));
        Assert.Equal(Eta("2026-12-02", "2026-12-02", true), EtaOf(inStock));

        var stop = await Availability("STOP");
        Assert.Equal(("OutOfStock", "Out of stock"), (stop.GetProperty("status").GetString(), stop.GetProperty("badge").GetString()));
        Assert.Equal(JsonValueKind.Null, stop.GetProperty("eta").ValueKind);

        var preorder = await Availability("PRE");
        Assert.Equal(("Preorder", "Preorder – releases Jan 15"), (preorder.GetProperty("status").GetString(), preorder.GetProperty("badge").GetString()));
        Assert.Equal(Eta("2027-01-18", "2027-01-18", false), EtaOf(preorder));

        // Discontinued takes no orders, so its last units are not "in stock" to a shop.
        var gone = await Availability("GONE");
        Assert.Equal(("Discontinued", 2, "Discontinued"), (gone.GetProperty("status").GetString(), gone.GetProperty("available").GetInt32(), gone.GetProperty("badge").GetString()));
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("eta").ValueKind);

        var noDate = await Availability("NODATE");
        Assert.Equal(("Backordered", "Backordered – no ship date yet"), (noDate.GetProperty("status").GetString(), noDate.GetProperty("badge").GetString()));
        Assert.Equal(JsonValueKind.Null, noDate.GetProperty("eta").ValueKind);
    }

    [Fact]
    public async Task Reads_need_a_valid_key()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable" });

        await (await _app.CreateClientWithKey(null).GetUrlAsync("/api/skus/TENT-1/queue")).ProblemAsync(401);
        await (await _app.CreateClientWithKey("nope").GetUrlAsync("/api/availability/TENT-1")).ProblemAsync(401);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _app.CreateClientWithKey(DeskTestHost.ScannerKey).GetUrlAsync("/api/availability/TENT-1")).StatusCode);
    }

    private static (string? From, string? To, bool Confirmed) Eta(string? from, string? to, bool confirmed) => (from, to, confirmed);

    private static (string? From, string? To, bool Confirmed) EtaOf(JsonElement element)
    {
        var eta = element.GetProperty("eta");
        return (eta.GetProperty("from").GetString(), eta.GetProperty("to").GetString(), eta.GetProperty("confirmed").GetBoolean());
    }

    private async Task<JsonElement> Availability(string sku) => await (await _app.ReadOnly().GetUrlAsync($"/api/availability/{sku}")).JsonAsync();

    private Task HoldAsync(string orderNumber, string reason) =>
        _app.Services.GetRequiredService<WarehouseWriter>().WriteAsync(
            async (scope, ct) =>
            {
                var line = await scope.Db.OrderLines.Include(l => l.Sku).FirstAsync(l => l.Order.Number == orderNumber, ct);
                var book = await scope.LoadBookAsync(line.Sku, ct);
                WarehouseOperations.Hold(book, line, reason, "test", scope.Operation);
                return true;
            },
            TestContext.Current.CancellationToken);
}

/// <summary>Every test of <see cref="QueueAndAvailabilityApiTests"/> on PostgreSQL.</summary>
public sealed class QueueAndAvailabilityApiTestsOnPostgres : QueueAndAvailabilityApiTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
