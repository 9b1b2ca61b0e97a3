using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Features.Orders;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// Any accepted code or number is reachable in a route when percent-encoded (API.md): `WEB%2F2026%2F001`
/// is the order `WEB/2026/001`, and `%`, `+`, spaces, `#`, `?` and non-ASCII text come through exactly.
/// (A literal "%2F" in a number needs the raw request path, which only a real server gives: that case is in
/// Browser/EncodedRouteBrowserTests.)
/// </summary>
public sealed class EncodedRouteTests
{
    [Fact]
    public async Task An_order_numbered_WEB_2026_001_is_read_cancelled_reprioritised_and_held_through_its_encoded_number()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("WEB/2026/001", [("TENT", 3)]);
        await s.PlaceAsync("WEB", [("TENT", 1)]); // the first segment alone is another order

        var view = await s.ReadAsync<OrderView>(await s.Api.GetAsync("/api/orders/WEB%2F2026%2F001", s.Ct));
        Assert.Equal(("WEB/2026/001", 3), (view.Number, view.Lines.Single().WaitingQty));

        var cancelled = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/WEB%2F2026%2F001/lines/1/cancel", new { qty = 1 }, s.Ct));
        Assert.Equal(("WEB/2026/001", 1, 2), (cancelled.Number, cancelled.Lines.Single().CancelledQty, cancelled.Lines.Single().WaitingQty));

        Assert.Equal(HttpStatusCode.OK, (await s.Api.PostAsJsonAsync("/api/orders/WEB%2F2026%2F001/priority", new { priority = "Expedite" }, s.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PostAsJsonAsync("/api/orders/WEB%2F2026%2F001/lines/1/hold", new { reason = "payment" }, s.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PostAsync("/api/orders/WEB%2F2026%2F001/lines/1/release", null, s.Ct)).StatusCode);
        var after = await s.GetAsync("WEB/2026/001");
        Assert.Equal(("Expedite", 1), (after.Priority.ToString(), after.Lines.Single().CancelledQty));
        Assert.Equal(1, (await s.GetAsync("WEB")).Lines.Single().WaitingQty);

        // The slashes unencoded are another route: nothing there.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Api.GetAsync("/api/orders/WEB/2026/001", s.Ct)).StatusCode);
    }

    [Theory]
    [InlineData("50% off")]
    [InlineData("A%41")]           // a literal "%41", not "AA"
    [InlineData("1+1=2")]
    [InlineData("SO 1 #2 ?x=y")]
    [InlineData("Bestellung-Größe-Ü/7")]
    [InlineData("注文-😀-\uE000")]
    [InlineData("a/b/../c")]
    public async Task Order_number_with_any_printable_text_is_reachable_when_percent_encoded(string number)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var placed = await s.PlaceAsync(number, [("TENT", 2)]);
        var route = $"/api/orders/{Uri.EscapeDataString(number)}";

        Assert.Equal(number, placed.Number);
        Assert.Equal(number, (await s.ReadAsync<OrderView>(await s.Api.GetAsync(route, s.Ct))).Number);
        var cancelled = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync($"{route}/lines/1/cancel", new { qty = 1 }, s.Ct));
        Assert.Equal((number, 1), (cancelled.Number, cancelled.Lines.Single().CancelledQty));
    }

    [Theory]
    [InlineData("SKU/1")]
    [InlineData("100%")]
    [InlineData("Ø+ #?")]
    public async Task Sku_codes_and_purchase_order_numbers_are_reachable_when_percent_encoded(string code)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync(code);
        await s.AddPurchaseOrderAsync($"PO/{code}", code, 5, new DateOnly(2026, 12, 1));
        await s.PlaceAsync("SO-1", [(code, 2)]);
        var sku = Uri.EscapeDataString(code);
        var po = Uri.EscapeDataString($"PO/{code}");

        Assert.Equal(HttpStatusCode.OK, (await s.Api.GetAsync($"/api/skus/{sku}", s.Ct)).StatusCode);
        var queue = await s.ReadAsync<List<QueueRow>>(await s.Api.GetAsync($"/api/skus/{sku}/queue", s.Ct));
        Assert.Equal("SO-1", queue.Single().OrderNumber);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.GetAsync($"/api/availability/{sku}", s.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.GetAsync($"/api/purchase-orders/{po}", s.Ct)).StatusCode);
        var moved = await s.Api.PatchAsJsonAsync($"/api/purchase-orders/{po}/lines/{sku}", new { expectedDate = "2026-12-04" }, s.Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    private sealed record QueueRow(int Position, string OrderNumber, int LineNumber);
}
