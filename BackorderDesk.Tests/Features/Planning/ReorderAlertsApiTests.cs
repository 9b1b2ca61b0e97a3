using System.Net;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class ReorderAlertsApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/clients", new { code = "BETA", name = "Beta Outdoor" });

        // SHORT: manual ROP 10, MOQ 12, cases of 6; 4 units ordered today and 5 a month ago, none in stock.
        await _api.PostJsonAsync("/api/skus", new { sku = "SHORT", name = "Short tent", policy = "Backorderable", supplier = "ACME", reorderPoint = 10, moq = 12, casePack = 6 });
        await _app.PlaceOrderAsync("SO-1", "SHORT", 4);
        await _app.PlaceOrderAsync("SO-2", "SHORT", 5, placedAt: Now.AddDays(-30));

        // ZERO: ROP 0 and nothing at all: IP 0 ≤ 0 is an alert (docs/rules.md R4), suggesting the MOQ of 1.
        await _api.PostJsonAsync("/api/skus", new { sku = "ZERO", name = "Never sold", client = "BETA", policy = "Backorderable", supplier = "ACME" });

        // FULL: ROP 5 with 20 on hand: no alert.
        await _api.PostJsonAsync("/api/skus", new { sku = "FULL", name = "Full shelf", policy = "Backorderable", supplier = "ACME", reorderPoint = 5 });
        await _api.PostJsonAsync("/api/adjustments", new { sku = "FULL", qtyDelta = 20, reason = "opening stock" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Alerts_list_skus_at_or_below_their_reorder_point_largest_shortfall_first_with_the_suggested_quantity()
    {
        var response = await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alerts = (await response.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["SHORT", "ZERO"], alerts.Select(a => a.GetProperty("sku").GetString()));

        // SHORT: IP = 0 + 0 − 9 = −9; d̄ = 9 / 90 = 0.1; 10 + 0.1 · 7 − (−9) = 19.7 → 20, above the MOQ, in cases of 6: 24.
        var shortSku = alerts[0];
        Assert.Equal(-9, shortSku.GetProperty("inventoryPosition").GetInt32());
        Assert.Equal(10, shortSku.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(24, shortSku.GetProperty("suggestedQty").GetInt32());
        Assert.Equal("ACME", shortSku.GetProperty("supplier").GetString());
        Assert.Equal(1, alerts[1].GetProperty("suggestedQty").GetInt32());
    }

    [Fact]
    public async Task A_receipt_that_lifts_the_position_above_the_reorder_point_removes_the_alert_at_once()
    {
        await _api.PostJsonAsync("/api/receipts", new { scanId = "scan-1", sku = "SHORT", qty = 30 });

        var alerts = (await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts")).JsonAsync()).EnumerateArray();

        // IP = 30 − 9 allocated + 0 − 0 = 21 > 10.
        Assert.Equal(["ZERO"], alerts.Select(a => a.GetProperty("sku").GetString()));
    }

    [Fact]
    public async Task A_client_code_filters_and_an_unknown_one_is_404()
    {
        var beta = (await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts?client=BETA")).JsonAsync()).EnumerateArray();
        Assert.Equal(["ZERO"], beta.Select(a => a.GetProperty("sku").GetString()));

        var unknown = await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts?client=NOPE");
        var problem = await unknown.ProblemAsync(404);
        Assert.Contains("NOPE", problem.GetProperty("title").GetString());
    }
}
