using System.Net;
using BackorderDesk.Domain;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Adjustments;

public sealed class AdjustmentApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "ACME" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_positive_delta_answers_200_with_the_sku_view_and_writes_a_ledger_row()
    {
        var response = await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 7, reason = "found behind rack" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal("TENT-1", view.GetProperty("sku").GetString());
        Assert.Equal(7, view.GetProperty("onHand").GetInt32());
        Assert.Equal(7, view.GetProperty("available").GetInt32());
        await using var db = _app.CreateDbContext();
        var row = await db.Ledger.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((MovementKind.Adjustment, 7, "Adjustment: found behind rack"), (row.Kind, row.Qty, row.Cause));
    }

    [Fact]
    public async Task An_upward_adjustment_allocates_to_the_waiting_line()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);

        var view = await (await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 5, reason = "found" })).JsonAsync();

        Assert.Equal((5, 3, 2, 0), (view.GetProperty("onHand").GetInt32(), view.GetProperty("allocated").GetInt32(), view.GetProperty("available").GetInt32(), view.GetProperty("backordered").GetInt32()));
    }

    [Fact]
    public async Task A_count_below_allocated_takes_units_back_from_the_last_line_in_queue_order()
    {
        await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 5, reason = "opening stock" });

        // SO-1 was placed first but SO-2 is Expedite, so SO-1 is last in queue order.
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 2, placedAt: _app.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        await _app.PlaceOrderAsync("SO-2", "TENT-1", 2, OrderPriority.Expedite);

        var response = await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", countedQty = 3, reason = "cycle count" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal((3, 3, 0, 1), (view.GetProperty("onHand").GetInt32(), view.GetProperty("allocated").GetInt32(), view.GetProperty("available").GetInt32(), view.GetProperty("backordered").GetInt32()));
        await using var db = _app.CreateDbContext();
        var allocated = await db.OrderLines.OrderBy(l => l.Order.Number).Select(l => new { l.Order.Number, l.AllocatedQty }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([("SO-1", 1), ("SO-2", 2)], allocated.Select(a => (a.Number, a.AllocatedQty)));
        var queue = await (await _api.GetUrlAsync("/api/skus/TENT-1/queue")).JsonAsync();
        var waiting = Assert.Single(queue.EnumerateArray());
        Assert.Equal(("SO-1", 1), (waiting.GetProperty("orderNumber").GetString(), waiting.GetProperty("waitingQty").GetInt32()));
        var count = await db.Ledger.OrderBy(m => m.Id).LastAsync(TestContext.Current.CancellationToken);
        Assert.Equal((MovementKind.Count, -2), (count.Kind, count.Qty));
    }

    [Fact]
    public async Task An_adjustment_below_zero_is_422_and_changes_nothing()
    {
        await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 2, reason = "opening stock" });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = -3, reason = "damaged" })).ProblemAsync(422);

        Assert.Equal("TENT-1 has 2 on hand; it cannot go below zero.", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_sku_is_422_and_changes_nothing()
    {
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/adjustments", new { sku = "GHOST", qtyDelta = 3, reason = "found" })).ProblemAsync(422);

        Assert.Equal("SKU GHOST does not exist. Create it first (POST /api/skus).", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "sku": "TENT-1", "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 1, "countedQty": 4, "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 0, "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 1000001, "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": -1000001, "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": -2147483648, "reason": "x" }""", "qtyDelta")]
    [InlineData("""{ "sku": "TENT-1", "countedQty": -1, "reason": "x" }""", "countedQty")]
    [InlineData("""{ "sku": "TENT-1", "countedQty": 1000001, "reason": "x" }""", "countedQty")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 1 }""", "reason")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 1, "reason": " " }""", "reason")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 1, "reason": "a\u0007b" }""", "reason")]
    [InlineData("""{ "qtyDelta": 1, "reason": "x" }""", "sku")]
    [InlineData("""{ "sku": "TE\nNT", "qtyDelta": 1, "reason": "x" }""", "sku")]
    public async Task Invalid_adjustment_is_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/adjustments", json)).ValidationProblemAsync(field);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_reason_longer_than_200_characters_is_400()
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostJsonAsync("/api/adjustments", new { sku = "TENT-1", qtyDelta = 1, reason = new string('r', 201) })).ValidationProblemAsync("reason");

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 3000000000, "reason": "x" }""")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": true, "reason": "x" }""")]
    [InlineData("""{ "sku": "TENT-1", "qtyDelta": 3, "reason": "x" """)]
    public async Task Malformed_adjustment_is_400_problem_and_changes_nothing(string json)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/adjustments", json)).ProblemAsync(400);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Adjusting_needs_an_integration_key()
    {
        var before = await _app.SnapshotAsync();
        var body = new { sku = "TENT-1", qtyDelta = 3, reason = "found" };

        await (await _app.ReadOnly().PostJsonAsync("/api/adjustments", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(DeskTestHost.ScannerKey).PostJsonAsync("/api/adjustments", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(null).PostJsonAsync("/api/adjustments", body)).ProblemAsync(401);

        Assert.Equal(before, await _app.SnapshotAsync());
    }
}
