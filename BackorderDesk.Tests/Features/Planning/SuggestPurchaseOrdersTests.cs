using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Planning;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class SuggestPurchaseOrdersTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create(); // Tuesday 1 Dec 2026

    public async ValueTask InitializeAsync()
    {
        var api = _app.Integration();
        await api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 10 });
        await api.PostJsonAsync("/api/suppliers", new { code = "BOLT", name = "Bolt Stoves", leadTimeDays = 5 });

        // TENT: ROP 10, cases of 6, 9 waiting, nothing on hand: IP −9; d̄ 0.1 → 10 + 0.7 + 9 = 19.7 → 20 → 24.
        await api.PostJsonAsync("/api/skus", new { sku = "TENT", name = "Tent", policy = "Backorderable", supplier = "ACME", reorderPoint = 10, casePack = 6 });
        await _app.PlaceOrderAsync("SO-1", "TENT", 4);
        await _app.PlaceOrderAsync("SO-2", "TENT", 5, placedAt: _app.Clock.GetUtcNow().UtcDateTime.AddDays(-30));

        // POLE: ROP 3, own lead time 20 days, no demand, IP 0: the MOQ of 8.
        await api.PostJsonAsync("/api/skus", new { sku = "POLE", name = "Pole", policy = "Backorderable", supplier = "ACME", leadTimeDays = 20, reorderPoint = 3, moq = 8 });

        // STOVE: another supplier. LOOSE: no supplier, cannot be ordered.
        await api.PostJsonAsync("/api/skus", new { sku = "STOVE", name = "Stove", policy = "Backorderable", supplier = "BOLT", reorderPoint = 2 });
        await api.PostJsonAsync("/api/skus", new { sku = "LOOSE", name = "Loose", policy = "Backorderable", reorderPoint = 2 });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private SuggestPurchaseOrders Suggest => _app.Services.GetRequiredService<SuggestPurchaseOrders>();

    [Fact]
    public async Task Alerts_are_grouped_by_supplier_with_the_backorders_each_line_would_clear()
    {
        var suggestions = await Suggest.HandleAsync(null, null, TestContext.Current.CancellationToken);

        Assert.Equal(["ACME", "BOLT"], suggestions.Select(s => s.Supplier));
        var acme = suggestions[0];
        Assert.Equal("Acme Tents", acme.Name);
        Assert.Equal(["TENT", "POLE"], acme.Lines.Select(l => l.Sku));
        var tent = acme.Lines[0];
        Assert.Equal((-9, 10, 24, 10), (tent.InventoryPosition, tent.ReorderPoint, tent.SuggestedQty, tent.LeadTimeDays));
        Assert.Equal(9, tent.Clears(24));
        Assert.Equal(5, tent.Clears(5));
        Assert.Equal((8, 20, 0), (acme.Lines[1].SuggestedQty, acme.Lines[1].LeadTimeDays, acme.Lines[1].Clears(8)));
    }

    [Fact]
    public async Task Creating_places_a_numbered_po_that_counts_on_order_at_once_and_gives_the_waiting_lines_an_eta()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await Suggest.CreateAsync("ACME", [new("TENT", 30), new("POLE", 8)], DeskActor.System, ct);
        var second = await Suggest.CreateAsync("BOLT", [new("STOVE", 4)], DeskActor.System, ct);

        Assert.Equal("PO-20261201-001", first);
        Assert.Equal("PO-20261201-002", second);
        await using var db = _app.CreateDbContext();
        var lines = await db.PurchaseOrderLines.Where(l => l.PurchaseOrder.Number == first).OrderBy(l => l.Sku.Code)
            .Select(l => new { l.Sku.Code, l.Qty, l.ExpectedDate }).ToListAsync(ct);
        Assert.Equal("POLE", lines[0].Code);
        Assert.Equal(new DateOnly(2026, 12, 21), lines[0].ExpectedDate); // its own 20 days
        Assert.Equal(("TENT", 30, new DateOnly(2026, 12, 11)), (lines[1].Code, lines[1].Qty, lines[1].ExpectedDate)); // ACME's 10 days
        Assert.Equal(30, await db.Skus.Where(s => s.Code == "TENT").Select(s => s.OnOrder).SingleAsync(ct));

        // The waiting lines are covered by the PO: confirmed ETA on its date + 1 working day.
        var etas = await db.OrderLines.Where(l => l.Sku.Code == "TENT").Select(l => new { l.EtaFrom, l.EtaConfirmed }).ToListAsync(ct);
        Assert.All(etas, e => Assert.Equal((new DateOnly(2026, 12, 14), true), (e.EtaFrom!.Value, e.EtaConfirmed)));

        // TENT's IP is now −9 + 30 = 21 > 10: it has left the suggestions; POLE too (8 > 3).
        var after = await Suggest.HandleAsync(null, null, ct);
        Assert.DoesNotContain(after, s => s.Supplier == "ACME");
    }
}
