using System.Net;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.PurchaseOrders;

public sealed class CancelPurchaseOrderLineApiTests : IAsyncLifetime
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
    public async Task Cancelling_a_line_takes_it_off_order_and_moves_the_eta_it_covered_to_the_next_po()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);
        await PlaceAsync("PO-1", "TENT-1", 5, "2026-12-08");
        await PlaceAsync("PO-2", "TENT-1", 5, "2026-12-15");
        Assert.Equal(("2026-12-09", true), await EtaOfAsync("SO-1"));

        var response = await _api.PostAsync("/api/purchase-orders/PO-1/lines/TENT-1/cancel", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = (await response.JsonAsync()).GetProperty("lines")[0];
        Assert.Equal(5, line.GetProperty("cancelledQty").GetInt32());
        Assert.Equal(0, line.GetProperty("openQty").GetInt32());
        var sku = await (await _api.GetUrlAsync("/api/skus/TENT-1")).JsonAsync();
        Assert.Equal(5, sku.GetProperty("onOrder").GetInt32());

        // PO-2 arrives Tuesday 15 December; one working day of handling makes the 16th.
        Assert.Equal(("2026-12-16", true), await EtaOfAsync("SO-1"));
    }

    [Fact]
    public async Task Cancelling_the_only_inbound_leaves_an_unconfirmed_eta_from_the_lead_time()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);
        await PlaceAsync("PO-1", "TENT-1", 5, "2026-12-08");

        await _api.PostAsync("/api/purchase-orders/PO-1/lines/TENT-1/cancel", null, TestContext.Current.CancellationToken);

        Assert.Equal(("2026-12-14", false), await EtaOfAsync("SO-1"));
        var sku = await (await _api.GetUrlAsync("/api/skus/TENT-1")).JsonAsync();
        Assert.Equal(0, sku.GetProperty("onOrder").GetInt32());
    }

    [Fact]
    public async Task Cancelling_a_partly_received_line_cancels_only_the_rest()
    {
        await PlaceAsync("PO-1", "TENT-1", 5, "2026-12-08");
        await _api.PostJsonAsync("/api/receipts", new { scanId = "R-1", sku = "TENT-1", qty = 2, purchaseOrder = "PO-1" });

        var line = (await (await _api.PostAsync("/api/purchase-orders/PO-1/lines/TENT-1/cancel", null, TestContext.Current.CancellationToken)).JsonAsync()).GetProperty("lines")[0];

        Assert.Equal((2, 3, 0), (line.GetProperty("receivedQty").GetInt32(), line.GetProperty("cancelledQty").GetInt32(), line.GetProperty("openQty").GetInt32()));
        var sku = await (await _api.GetUrlAsync("/api/skus/TENT-1")).JsonAsync();
        Assert.Equal((2, 0), (sku.GetProperty("onHand").GetInt32(), sku.GetProperty("onOrder").GetInt32()));
    }

    [Fact]
    public async Task Unknown_order_or_line_is_404_a_finished_line_422_and_a_read_only_key_403_changing_nothing()
    {
        await PlaceAsync("PO-1", "TENT-1", 5, "2026-12-08");
        await _api.PostJsonAsync("/api/receipts", new { scanId = "R-1", sku = "TENT-1", qty = 5, purchaseOrder = "PO-1" });
        await PlaceAsync("PO-2", "MAT-1", 4, "2026-12-08");
        var before = await _app.SnapshotAsync();
        var ct = TestContext.Current.CancellationToken;

        var unknownOrder = await (await _api.PostAsync("/api/purchase-orders/PO-9/lines/TENT-1/cancel", null, ct)).ProblemAsync(404);
        var unknownLine = await (await _api.PostAsync("/api/purchase-orders/PO-1/lines/MAT-1/cancel", null, ct)).ProblemAsync(404);
        var received = await (await _api.PostAsync("/api/purchase-orders/PO-1/lines/TENT-1/cancel", null, ct)).ProblemAsync(422);
        await (await _app.ReadOnly().PostAsync("/api/purchase-orders/PO-2/lines/MAT-1/cancel", null, ct)).ProblemAsync(403);

        Assert.Equal("Purchase order PO-9 does not exist.", unknownOrder.GetProperty("title").GetString());
        Assert.Equal("Purchase order PO-1 has no line for SKU MAT-1.", unknownLine.GetProperty("title").GetString());
        Assert.Equal("PO-1 line TENT-1 has nothing left to receive (received 5, cancelled 0).", received.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    private async Task PlaceAsync(string number, string sku, int qty, string expected)
    {
        var response = await _api.PostJsonAsync("/api/purchase-orders", new { number, supplier = "ACME", lines = new[] { new { sku, qty, expectedDate = expected } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<(string? To, bool Confirmed)> EtaOfAsync(string orderNumber)
    {
        var queue = await (await _api.GetUrlAsync("/api/skus/TENT-1/queue")).JsonAsync();
        var eta = queue.EnumerateArray().Single(q => q.GetProperty("orderNumber").GetString() == orderNumber).GetProperty("eta");
        return (eta.GetProperty("to").GetString(), eta.GetProperty("confirmed").GetBoolean());
    }
}
