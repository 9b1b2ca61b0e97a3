using System.Net;
using System.Text.Json;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Suppliers;

/// <summary>
/// docs/rules.md R3 (ETA): a receipt of a supplier changes its lateness history, and every waiting line whose ETA
/// that history widens is re-dated in the same write, with the reason in its ETA history.
/// Tue 1 Dec 2026: supplier NORTH (10 days, no receipts yet: lateness 0–0).
/// TENT: SO-1 and SO-2 wait 3 units each, both covered by PO-1's line of 10 expected Thu 10 Dec:
/// ETA Fri 11 Dec for both. STOVE (same supplier): PO-2 expects 5 on Wed 2 Dec.
/// </summary>
public sealed class LatenessRedatingTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "NORTH", name = "Northwind", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT", name = "Tent", policy = "Backorderable", supplier = "NORTH" });
        await _api.PostJsonAsync("/api/skus", new { sku = "STOVE", name = "Stove", policy = "Backorderable", supplier = "NORTH" });
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "NORTH", lines = new[] { new { sku = "TENT", qty = 10, expectedDate = "2026-12-10" } } });
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-2", supplier = "NORTH", lines = new[] { new { sku = "STOVE", qty = 5, expectedDate = "2026-12-02" } } });
        await _app.PlaceOrderAsync("SO-1", "TENT", 3);
        await _app.PlaceOrderAsync("SO-2", "TENT", 3);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_late_receipt_on_another_sku_re_dates_both_lines_on_the_po_line_together()
    {
        Assert.Equal(("2026-12-11", "2026-12-11"), await EtaAsync("SO-1"));
        Assert.Equal(("2026-12-11", "2026-12-11"), await EtaAsync("SO-2"));

        // Tue 8 Dec: PO-2 arrives 6 days after its Wed 2 Dec date: NORTH's only delay is 6 days, P50 = P90 = 6.
        _app.Clock.Advance(TimeSpan.FromDays(7));
        var receipt = await _api.PostJsonAsync("/api/receipts", new { scanId = "scan-1", sku = "STOVE", qty = 5, purchaseOrder = "PO-2" });
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);

        // Thu 10 Dec + 6 days = Wed 16 Dec, + 1 working day: Thu 17 Dec, for both lines alike.
        Assert.Equal(("2026-12-17", "2026-12-17"), await EtaAsync("SO-1"));
        Assert.Equal(("2026-12-17", "2026-12-17"), await EtaAsync("SO-2"));
        foreach (var number in new[] { "SO-1", "SO-2" })
        {
            var history = (await LineAsync(number)).GetProperty("etaHistory").EnumerateArray().ToList();
            Assert.StartsWith(SupplierLateness.HistoryChangedReason, history[^1].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("2026-12-17", history[^1].GetProperty("to").GetString());
        }
    }

    [Fact]
    public async Task A_receipt_that_leaves_the_percentiles_as_they_were_re_dates_nothing()
    {
        // On time (Wed 2 Dec): the only delay is 0 days, as the percentiles already said.
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _api.PostJsonAsync("/api/receipts", new { scanId = "scan-2", sku = "STOVE", qty = 5, purchaseOrder = "PO-2" });

        var history = (await LineAsync("SO-1")).GetProperty("etaHistory").EnumerateArray().ToList();
        Assert.DoesNotContain(history, h => h.GetProperty("reason").GetString()!.StartsWith(SupplierLateness.HistoryChangedReason, StringComparison.Ordinal));
    }

    private async Task<(string? From, string? To)> EtaAsync(string number)
    {
        var eta = (await LineAsync(number)).GetProperty("eta");
        return (eta.GetProperty("from").GetString(), eta.GetProperty("to").GetString());
    }

    private async Task<JsonElement> LineAsync(string number) =>
        (await (await _app.ReadOnly().GetUrlAsync($"/api/orders/{number}")).JsonAsync()).GetProperty("lines")[0];
}
