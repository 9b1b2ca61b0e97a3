using System.Net;
using System.Text.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Catalog;

public sealed class SkuApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/clients", new { code = "NTR", name = "Northtrail" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Post_sku_answers_201_with_the_full_view()
    {
        var response = await _api.PostJsonAsync("/api/skus", new
        {
            sku = "TENT-1",
            name = "Ridge Tent 2P",
            client = "NTR",
            barcodes = new[] { "INT-1", "7030000000017" },
            policy = "Backorderable",
            supplier = "ACME",
            leadTimeDays = 7,
            reorderPoint = 10,
            safetyStock = 4,
            moq = 6,
            casePack = 3,
            unitCost = 59.5m,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/skus/TENT-1", response.Headers.Location?.OriginalString);
        var view = await response.JsonAsync();
        Assert.Equal("TENT-1", view.GetProperty("sku").GetString());
        Assert.Equal("Ridge Tent 2P", view.GetProperty("name").GetString());
        Assert.Equal("NTR", view.GetProperty("client").GetString());
        Assert.Equal("Backorderable", view.GetProperty("policy").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("releaseDate").ValueKind);
        Assert.Equal("ACME", view.GetProperty("supplier").GetString());
        Assert.Equal(7, view.GetProperty("leadTimeDays").GetInt32());
        Assert.Equal(10, view.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(4, view.GetProperty("safetyStock").GetInt32());
        Assert.True(view.GetProperty("reorderPointIsManual").GetBoolean());
        Assert.Equal(0, view.GetProperty("inventoryPosition").GetInt32());
        Assert.True(view.GetProperty("belowReorderPoint").GetBoolean());
        Assert.Equal(6, view.GetProperty("moq").GetInt32());
        Assert.Equal(3, view.GetProperty("casePack").GetInt32());
        Assert.Equal(59.5m, view.GetProperty("unitCost").GetDecimal());
        Assert.Equal(["7030000000017", "INT-1"], view.GetProperty("barcodes").EnumerateArray().Select(b => b.GetString()));
        foreach (var bucket in new[] { "onHand", "allocated", "available", "onOrder", "backordered", "heldForCompletion" })
        {
            Assert.Equal(0, view.GetProperty(bucket).GetInt32());
        }
    }

    [Fact]
    public async Task Get_sku_has_every_field_of_the_contract()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable" });

        var view = await (await _app.ReadOnly().GetUrlAsync("/api/skus/TENT-1")).JsonAsync();

        string[] contract =
        [
            "sku", "name", "client", "policy", "onHand", "allocated", "available", "onOrder", "backordered", "heldForCompletion",
            "reorderPoint", "safetyStock", "reorderPointIsManual", "inventoryPosition", "belowReorderPoint",
        ];
        var fields = view.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(contract, f => Assert.Contains(f, fields));
    }

    [Fact]
    public async Task A_sku_that_names_no_client_belongs_to_the_default_client()
    {
        var view = await (await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "backorderable" })).JsonAsync();

        Assert.Equal("DEFAULT", view.GetProperty("client").GetString());
        Assert.Equal("Backorderable", view.GetProperty("policy").GetString());
        Assert.Equal(1, view.GetProperty("moq").GetInt32());
        Assert.False(view.GetProperty("reorderPointIsManual").GetBoolean());
    }

    [Fact]
    public async Task Posting_an_existing_sku_is_409_and_changes_nothing()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable" });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Other", policy = "StopSelling" })).ProblemAsync(409);

        Assert.Contains("PUT /api/skus/TENT-1", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Put_creates_with_201_then_replaces_with_200()
    {
        var created = await _api.PutJsonAsync("/api/skus/TENT-1", new { name = "Tent", policy = "Backorderable", barcodes = new[] { "B-1", "B-2" }, supplier = "ACME", moq = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/skus/TENT-1", created.Headers.Location?.OriginalString);

        // Barcodes left out are kept; supplier and moq left out go back to their defaults.
        var replaced = await _api.PutJsonAsync("/api/skus/TENT-1", new { sku = "TENT-1", name = "Ridge Tent", policy = "StopSelling" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var view = await replaced.JsonAsync();
        Assert.Equal("Ridge Tent", view.GetProperty("name").GetString());
        Assert.Equal("StopSelling", view.GetProperty("policy").GetString());
        Assert.Equal(["B-1", "B-2"], view.GetProperty("barcodes").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("supplier").ValueKind);
        Assert.Equal(1, view.GetProperty("moq").GetInt32());
        Assert.Equal("DEFAULT", view.GetProperty("client").GetString());

        var rebarcoded = await (await _api.PutJsonAsync("/api/skus/TENT-1", new { name = "Ridge Tent", policy = "StopSelling", barcodes = new[] { "B-2", "B-3" } })).JsonAsync();
        Assert.Equal(["B-2", "B-3"], rebarcoded.GetProperty("barcodes").EnumerateArray().Select(b => b.GetString()));
        await using var db = _app.CreateDbContext();
        Assert.Equal(2, await db.Barcodes.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Put_cannot_move_a_sku_to_another_client()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable" });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PutJsonAsync("/api/skus/TENT-1", new { name = "Tent", policy = "Backorderable", client = "NTR" })).ProblemAsync(422);

        Assert.Contains("cannot move to another client", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Unknown_sku_is_404_on_every_read()
    {
        var reader = _app.ReadOnly();
        await (await reader.GetUrlAsync("/api/skus/NOPE")).ProblemAsync(404);
        await (await reader.GetUrlAsync("/api/skus/NOPE/queue")).ProblemAsync(404);
        await (await reader.GetUrlAsync("/api/availability/NOPE")).ProblemAsync(404);
    }

    [Fact]
    public async Task Unknown_supplier_or_client_is_422_saying_which_and_changes_nothing()
    {
        var before = await _app.SnapshotAsync();

        var supplier = await (await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "GHOST" })).ProblemAsync(422);
        var client = await (await _api.PutJsonAsync("/api/skus/TENT-1", new { name = "Tent", policy = "Backorderable", client = "GHOST" })).ProblemAsync(422);

        Assert.Equal("Supplier GHOST does not exist. Create it first (POST /api/suppliers).", supplier.GetProperty("title").GetString());
        Assert.Equal("Client GHOST does not exist. Create it first (POST /api/clients).", client.GetProperty("title").GetString());
        Assert.True(client.GetProperty("errors").TryGetProperty("client", out _));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_barcode_of_another_sku_is_409_naming_that_sku()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", barcodes = new[] { "703-1" } });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/skus", new { sku = "TENT-2", name = "Tent 2", policy = "Backorderable", barcodes = new[] { "703-2", "703-1" } })).ProblemAsync(409);

        Assert.Equal("Barcode 703-1 already belongs to SKU TENT-1; remove it there first.", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    public static TheoryData<string, string> BadSkus => new()
    {
        { """{ "name": "Tent", "policy": "Backorderable" }""", "sku" },
        { $$"""{ "sku": "{{new string('S', 65)}}", "name": "Tent", "policy": "Backorderable" }""", "sku" },
        { """{ "sku": "TE\u0000NT", "name": "Tent", "policy": "Backorderable" }""", "sku" },
        { """{ "sku": "TENT-9", "policy": "Backorderable" }""", "name" },
        { $$"""{ "sku": "TENT-9", "name": "{{new string('n', 201)}}", "policy": "Backorderable" }""", "name" },
        { """{ "sku": "TENT-9", "name": "Tent" }""", "policy" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Sometimes" }""", "policy" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "1" }""", "policy" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Preorder" }""", "releaseDate" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Preorder", "releaseDate": "9999-12-31" }""", "releaseDate" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "barcodes": [""] }""", "barcodes[0]" },
        { $$"""{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "barcodes": ["ok", "{{new string('b', 65)}}"] }""", "barcodes[1]" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "barcodes": [null] }""", "barcodes[0]" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "client": "N\u001bTR" }""", "client" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "leadTimeDays": -1 }""", "leadTimeDays" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "leadTimeDays": 366 }""", "leadTimeDays" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "reorderPoint": -1 }""", "reorderPoint" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "reorderPoint": 2000000000 }""", "reorderPoint" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "safetyStock": -5 }""", "safetyStock" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "moq": 0 }""", "moq" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "casePack": 0 }""", "casePack" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "casePack": 1000001 }""", "casePack" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "unitCost": -0.01 }""", "unitCost" },
        { """{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "unitCost": 1e20 }""", "unitCost" },
    };

    [Theory]
    [MemberData(nameof(BadSkus))]
    public async Task Invalid_sku_is_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/skus", json)).ValidationProblemAsync(field);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "moq": 1.5 }""")]
    [InlineData("""{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "releaseDate": "soon" }""")]
    [InlineData("""{ "sku": "TENT-9", "name": "Tent", "policy": "Backorderable", "barcodes": "one" }""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{ "sku": "TENT-9", """)]
    public async Task Malformed_sku_body_is_400_problem_and_changes_nothing(string json)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/skus", json)).ProblemAsync(400);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Put_with_a_different_sku_in_the_body_is_400()
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PutJsonAsync("/api/skus/TENT-1", new { sku = "TENT-2", name = "Tent", policy = "Backorderable" })).ValidationProblemAsync("sku");

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Writing_skus_needs_an_integration_key()
    {
        var before = await _app.SnapshotAsync();
        var body = new { sku = "TENT-1", name = "Tent", policy = "Backorderable" };

        await (await _app.ReadOnly().PostJsonAsync("/api/skus", body)).ProblemAsync(403);
        await (await _app.ReadOnly().PutJsonAsync("/api/skus/TENT-1", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(null).PostJsonAsync("/api/skus", body)).ProblemAsync(401);
        await (await _app.CreateClientWithKey(null).GetUrlAsync("/api/skus/TENT-1")).ProblemAsync(401);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Units_allocated_to_an_incomplete_ship_complete_order_are_held_for_completion()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "A", name = "A", policy = "Backorderable", supplier = "ACME" });
        await _api.PostJsonAsync("/api/skus", new { sku = "B", name = "B", policy = "Backorderable", supplier = "ACME" });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "A", qtyDelta = 5, reason = "opening stock" });

        // SO-1 ships complete: A's 3 units are allocated but B waits, so they sit idle. SO-2 ships partial.
        await _app.PlaceOrderAsync("SO-1", _app.Clock.GetUtcNow().UtcDateTime, OrderPriority.Standard, ShipPolicy.ShipComplete, ("A", 3), ("B", 2));
        await _app.PlaceOrderAsync("SO-2", "A", 1);

        var a = await (await _api.GetUrlAsync("/api/skus/A")).JsonAsync();
        Assert.Equal(5, a.GetProperty("onHand").GetInt32());
        Assert.Equal(4, a.GetProperty("allocated").GetInt32());
        Assert.Equal(1, a.GetProperty("available").GetInt32());
        Assert.Equal(3, a.GetProperty("heldForCompletion").GetInt32());
        var b = await (await _api.GetUrlAsync("/api/skus/B")).JsonAsync();
        Assert.Equal(2, b.GetProperty("backordered").GetInt32());
        Assert.Equal(0, b.GetProperty("heldForCompletion").GetInt32());
        Assert.Equal(-2, b.GetProperty("inventoryPosition").GetInt32());

        // Once B arrives the order is complete and nothing is held any more.
        await _api.PostJsonAsync("/api/adjustments", new { sku = "B", qtyDelta = 2, reason = "found" });
        a = await (await _api.GetUrlAsync("/api/skus/A")).JsonAsync();
        Assert.Equal(0, a.GetProperty("heldForCompletion").GetInt32());
    }

    [Fact]
    public async Task Releasing_a_preorder_allocates_its_waiting_lines()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "P", name = "Preorder item", policy = "Preorder", releaseDate = "2026-12-20", supplier = "ACME" });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "P", qtyDelta = 4, reason = "early delivery" });
        await _app.PlaceOrderAsync("SO-1", "P", 3);
        var waiting = await (await _api.GetUrlAsync("/api/skus/P")).JsonAsync();
        Assert.Equal(0, waiting.GetProperty("allocated").GetInt32());
        Assert.Equal(3, waiting.GetProperty("backordered").GetInt32());

        var response = await _api.PutJsonAsync("/api/skus/P", new { name = "Preorder item", policy = "Backorderable", supplier = "ACME" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal(3, view.GetProperty("allocated").GetInt32());
        Assert.Equal(1, view.GetProperty("available").GetInt32());
        Assert.Equal(0, view.GetProperty("backordered").GetInt32());
        await using var db = _app.CreateDbContext();
        var allocation = await db.Allocations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(AllocationCause.PreorderRelease, allocation.Cause);
        Assert.Equal(3, allocation.Qty);
    }
}
