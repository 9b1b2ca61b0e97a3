using System.Net;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.PurchaseOrders;

public sealed class PurchaseOrderApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "ACME" });
        await _api.PostJsonAsync("/api/skus", new { sku = "MAT-1", name = "Mat", policy = "Backorderable", supplier = "ACME" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Post_purchase_order_answers_201_with_its_lines_and_puts_units_on_order()
    {
        var response = await _api.PostJsonAsync("/api/purchase-orders", new
        {
            number = "PO-4471",
            supplier = "ACME",
            lines = new[] { new { sku = "TENT-1", qty = 20, expectedDate = "2026-12-08" }, new { sku = "MAT-1", qty = 6, expectedDate = "2026-12-10" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/purchase-orders/PO-4471", response.Headers.Location?.OriginalString);
        var view = await response.JsonAsync();
        Assert.Equal("PO-4471", view.GetProperty("number").GetString());
        Assert.Equal("ACME", view.GetProperty("supplier").GetString());
        Assert.Equal(CatalogHost.Start.UtcDateTime, view.GetProperty("orderedAt").GetDateTime().ToUniversalTime());
        var lines = view.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["TENT-1", "MAT-1"], lines.Select(l => l.GetProperty("sku").GetString()));
        Assert.Equal(20, lines[0].GetProperty("qty").GetInt32());
        Assert.Equal(0, lines[0].GetProperty("receivedQty").GetInt32());
        Assert.Equal(20, lines[0].GetProperty("openQty").GetInt32());
        Assert.Equal("2026-12-08", lines[0].GetProperty("expectedDate").GetString());
        Assert.Empty(lines[0].GetProperty("dateChanges").EnumerateArray());

        var sku = await (await _api.GetUrlAsync("/api/skus/TENT-1")).JsonAsync();
        Assert.Equal(20, sku.GetProperty("onOrder").GetInt32());
        Assert.Equal(20, sku.GetProperty("inventoryPosition").GetInt32());
        var fetched = await (await _app.ReadOnly().GetUrlAsync("/api/purchase-orders/PO-4471")).JsonAsync();
        Assert.Equal(2, fetched.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Placing_and_delaying_a_purchase_order_moves_a_waiting_lines_eta_with_reasons()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);
        Assert.Equal(("2026-12-14", "2026-12-14", false), await EtaOfAsync("SO-1"));

        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-4471", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });
        Assert.Equal(("2026-12-09", "2026-12-09", true), await EtaOfAsync("SO-1"));

        var patched = await _api.PatchJsonAsync("/api/purchase-orders/PO-4471/lines/TENT-1", new { expectedDate = "2026-12-18" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var line = (await patched.JsonAsync()).GetProperty("lines")[0];
        Assert.Equal("2026-12-18", line.GetProperty("expectedDate").GetString());
        Assert.Equal("2026-12-08", line.GetProperty("originalExpectedDate").GetString());
        var change = Assert.Single(line.GetProperty("dateChanges").EnumerateArray());
        Assert.Equal(("2026-12-08", "2026-12-18", "supplier delay"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString(), change.GetProperty("reason").GetString()));
        Assert.Equal(("2026-12-21", "2026-12-21", true), await EtaOfAsync("SO-1"));

        await using var db = _app.CreateDbContext();
        var history = await db.EtaChanges.OrderBy(e => e.Id).Select(e => new { e.PreviousTo, e.To, e.Reason }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, history.Count);
        Assert.Equal(new DateOnly(2026, 12, 14), history[1].PreviousTo);
        Assert.Equal(new DateOnly(2026, 12, 9), history[1].To);
        Assert.Equal("PO-4471 placed: PO-4471 expected Dec 8", history[1].Reason);
        Assert.Equal(new DateOnly(2026, 12, 21), history[2].To);
        Assert.Equal("PO-4471 expected date moved from 2026-12-08 to 2026-12-18: PO-4471 expected Dec 18", history[2].Reason);
    }

    [Fact]
    public async Task Duplicate_number_is_409_and_changes_nothing()
    {
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "MAT-1", qty = 5, expectedDate = "2026-12-08" } } })).ProblemAsync(409);

        Assert.Equal("Purchase order PO-1 already exists.", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Unknown_supplier_or_sku_is_422_saying_which_and_changes_nothing()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);
        var before = await _app.SnapshotAsync();

        var supplier = await (await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "GHOST", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } })).ProblemAsync(422);
        var sku = await (await _api.PostJsonAsync("/api/purchase-orders", new
        {
            number = "PO-1",
            supplier = "ACME",
            lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" }, new { sku = "GHOST-9", qty = 5, expectedDate = "2026-12-08" } },
        })).ProblemAsync(422);

        Assert.Equal("Supplier GHOST does not exist. Create it first (POST /api/suppliers).", supplier.GetProperty("title").GetString());
        Assert.Equal("SKU GHOST-9 does not exist. Create it first (POST /api/skus).", sku.GetProperty("title").GetString());
        Assert.True(sku.GetProperty("errors").TryGetProperty("lines[1].sku", out _));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    public static TheoryData<string, string> BadPurchaseOrders
    {
        get
        {
            var tooMany = string.Join(",", Enumerable.Range(0, 501).Select(i => $$"""{ "sku": "S-{{i}}", "qty": 1, "expectedDate": "2026-12-08" }"""));
            return new()
            {
                { """{ "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "2026-12-08" }] }""", "number" },
                { $$"""{ "number": "{{new string('P', 65)}}", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "2026-12-08" }] }""", "number" },
                { """{ "number": "PO\u0001", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "2026-12-08" }] }""", "number" },
                { """{ "number": "PO-1", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "2026-12-08" }] }""", "supplier" },
                { """{ "number": "PO-1", "supplier": "ACME" }""", "lines" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [] }""", "lines" },
                { $$"""{ "number": "PO-1", "supplier": "ACME", "lines": [{{tooMany}}] }""", "lines" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [null] }""", "lines[0]" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "qty": 5, "expectedDate": "2026-12-08" }] }""", "lines[0].sku" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "expectedDate": "2026-12-08" }] }""", "lines[0].qty" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 0, "expectedDate": "2026-12-08" }] }""", "lines[0].qty" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": -3, "expectedDate": "2026-12-08" }] }""", "lines[0].qty" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 1000001, "expectedDate": "2026-12-08" }] }""", "lines[0].qty" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5 }] }""", "lines[0].expectedDate" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "9999-12-31" }] }""", "lines[0].expectedDate" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "0001-01-01" }] }""", "lines[0].expectedDate" },
                { """{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "2026-12-08" }, { "sku": "TENT-1", "qty": 1, "expectedDate": "2026-12-09" }] }""", "lines[1].sku" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadPurchaseOrders))]
    public async Task Invalid_purchase_order_is_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/purchase-orders", json)).ValidationProblemAsync(field);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 99999999999, "expectedDate": "2026-12-08" }] }""")]
    [InlineData("""{ "number": "PO-1", "supplier": "ACME", "lines": [{ "sku": "TENT-1", "qty": 5, "expectedDate": "08/12/2026" }] }""")]
    [InlineData("""{ "number": "PO-1", "supplier": "ACME", "lines": { "sku": "TENT-1" } }""")]
    [InlineData("""not json""")]
    public async Task Malformed_purchase_order_is_400_problem_and_changes_nothing(string json)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/purchase-orders", json)).ProblemAsync(400);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Purchase_orders_need_an_integration_key_to_write()
    {
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });
        var before = await _app.SnapshotAsync();
        var body = new { number = "PO-2", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } };

        await (await _app.ReadOnly().PostJsonAsync("/api/purchase-orders", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(DeskTestHost.ScannerKey).PatchJsonAsync("/api/purchase-orders/PO-1/lines/TENT-1", new { expectedDate = "2026-12-20" })).ProblemAsync(403);
        await (await _app.CreateClientWithKey(null).PostJsonAsync("/api/purchase-orders", body)).ProblemAsync(401);
        await (await _app.CreateClientWithKey(null).GetUrlAsync("/api/purchase-orders/PO-1")).ProblemAsync(401);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Patch_of_an_unknown_order_or_line_is_404_and_of_a_received_line_422()
    {
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });
        await _api.PostJsonAsync("/api/receipts", new { scanId = "R-1", sku = "TENT-1", qty = 5, purchaseOrder = "PO-1" });
        var before = await _app.SnapshotAsync();

        var unknownOrder = await (await _api.PatchJsonAsync("/api/purchase-orders/PO-9/lines/TENT-1", new { expectedDate = "2026-12-20" })).ProblemAsync(404);
        var unknownLine = await (await _api.PatchJsonAsync("/api/purchase-orders/PO-1/lines/MAT-1", new { expectedDate = "2026-12-20" })).ProblemAsync(404);
        var received = await (await _api.PatchJsonAsync("/api/purchase-orders/PO-1/lines/TENT-1", new { expectedDate = "2026-12-20" })).ProblemAsync(422);
        await (await _app.ReadOnly().GetUrlAsync("/api/purchase-orders/PO-9")).ProblemAsync(404);

        Assert.Equal("Purchase order PO-9 does not exist.", unknownOrder.GetProperty("title").GetString());
        Assert.Equal("Purchase order PO-1 has no line for SKU MAT-1.", unknownLine.GetProperty("title").GetString());
        Assert.Equal("PO-1 line TENT-1 has nothing left to receive.", received.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ }""", "expectedDate")]
    [InlineData("""{ "expectedDate": null }""", "expectedDate")]
    [InlineData("""{ "expectedDate": "9999-01-01" }""", "expectedDate")]
    [InlineData("""{ "expectedDate": "2026-12-20", "reason": "late\u0000" }""", "reason")]
    public async Task Invalid_patch_is_400_and_changes_nothing(string json, string field)
    {
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "ACME", lines = new[] { new { sku = "TENT-1", qty = 5, expectedDate = "2026-12-08" } } });
        var before = await _app.SnapshotAsync();

        var response = await _api.PatchAsync("/api/purchase-orders/PO-1/lines/TENT-1", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.ValidationProblemAsync(field);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    private async Task<(string? From, string? To, bool Confirmed)> EtaOfAsync(string orderNumber)
    {
        var queue = await (await _api.GetUrlAsync("/api/skus/TENT-1/queue")).JsonAsync();
        var line = queue.EnumerateArray().Single(q => q.GetProperty("orderNumber").GetString() == orderNumber);
        var eta = line.GetProperty("eta");
        return (eta.GetProperty("from").GetString(), eta.GetProperty("to").GetString(), eta.GetProperty("confirmed").GetBoolean());
    }
}
