using BackorderDesk.Components;
using BackorderDesk.Domain;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.Time.Testing;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Dashboard;

/// <summary>
/// "Most short SKUs" ranks real shortages; a preorder not released yet with stock on the shelf waits for
/// its release, not for stock, and is listed apart with its release date. Today is Mon 2 Mar 2026.
/// </summary>
public sealed class TopShortSkusTests : IAsyncLifetime
{
    private static readonly DateTime At = MudBunitContext.Start.UtcDateTime;
    private SqliteTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Preorders_with_stock_on_the_shelf_come_apart_with_their_release_date()
    {
        // GAME: preorder (1 Apr), 10 on the shelf, 3 waiting: not short. BOOK: preorder (1 Apr), no stock,
        // 5 waiting: short. TENT: 2 waiting, its PO line was expected 20 Feb and is still open: late.
        await using (var db = _database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme");
            var supplier = new Supplier("SUP", "Supplier", 10);
            var game = Preorder(client, "GAME");
            var book = Preorder(client, "BOOK");
            var tent = new Sku("TENT", "Tent", client, SellingPolicy.Backorderable);
            db.AddRange(client, supplier, game, book, tent);
            db.Ledger.Add(game.Move(MovementKind.Adjustment, 10, At, "opening stock"));
            var customer = new Customer("C1", "Customer", null, CustomerType.Dtc);
            var order = new SalesOrder("SO-1", client, customer, "web", At.AddDays(-3), ShipPolicy.ShipPartial, OrderPriority.Standard);
            foreach (var (sku, qty) in new[] { (game, 3), (book, 5), (tent, 2) })
            {
                order.AddLine(sku, qty).MarkBackorderedIfWaiting(At.AddDays(-3));
            }

            db.Orders.Add(order);
            var po = new PurchaseOrder("PO-1", supplier, At.AddDays(-20));
            po.AddLine(tent, 4, new DateOnly(2026, 2, 20));
            db.PurchaseOrders.Add(po);
            await db.SaveChangesAsync(Ct);
        }

        var rows = await new DashboardCharts(_database, new FakeTimeProvider(MudBunitContext.Start)).TopShortSkusAsync(null, 10, Ct);

        Assert.Equal(["BOOK", "TENT"], rows.Where(r => !r.AwaitsRelease).Select(r => r.Sku));
        var awaiting = Assert.Single(rows, r => r.AwaitsRelease);
        Assert.Equal(("GAME", 3, new DateOnly(2026, 4, 1)), (awaiting.Sku, awaiting.WaitingUnits, awaiting.ReleaseDate!.Value));
        var tentRow = rows.Single(r => r.Sku == "TENT");
        Assert.Equal(new DateOnly(2026, 2, 20), tentRow.NextInbound);
        Assert.True(tentRow.InboundLate);
        Assert.False(rows.Single(r => r.Sku == "BOOK").InboundLate);
    }

    private static Sku Preorder(Client client, string code)
    {
        var sku = new Sku(code, $"Item {code}", client, SellingPolicy.Preorder);
        sku.Describe($"Item {code}", SellingPolicy.Preorder, new DateOnly(2026, 4, 1));
        return sku;
    }
}

/// <summary>The table: real shortages first, preorders apart with their release date, past inbound dates marked late.</summary>
public sealed class TopShortSkusViewTests : MudBunitContext
{
    [Fact]
    public void Preorders_show_apart_with_their_release_date_and_a_past_inbound_date_is_marked_late()
    {
        var skus = new List<ShortSku>
        {
            new("TENT", "Tent", "ACME", 12, At(10), 10, new DateOnly(2026, 2, 20), InboundLate: true),
            new("STOVE", "Stove", "ACME", 4, At(2), 2, new DateOnly(2026, 3, 9)),
            new("GAME", "Game", "ACME", 30, At(5), 5, null, ReleaseDate: new DateOnly(2026, 4, 1)),
        };

        var view = Render<TopShortSkus>(p => p.Add(x => x.Skus, skus));

        Assert.Equal(["TENT", "STOVE"], view.FindAll(".top-short-table tr[data-sku]").Select(r => r.GetAttribute("data-sku")));
        Assert.Equal("2", view.Find(".top-short").GetAttribute("data-count"));
        var preorder = view.Find(".top-short-preorders tr[data-sku='GAME']");
        Assert.Equal("1 Apr 2026", preorder.QuerySelector("[data-col=release]")!.TextContent.Trim());
        var late = view.Find(".top-short-table tr[data-sku='TENT'] .inbound-late");
        Assert.Contains("Late", late.TextContent, StringComparison.Ordinal);
        Assert.Contains("20 Feb 2026", late.TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll(".top-short-table tr[data-sku='STOVE'] .inbound-late"));
        Assert.Equal("9 Mar 2026", view.Find(".top-short-table tr[data-sku='STOVE'] .inbound-date").TextContent.Trim());
    }

    [Fact]
    public void A_release_date_chip_shows_for_a_preorder_only()
    {
        var preorder = Render<ReleaseDateChip>(p => p
            .Add(x => x.Policy, SellingPolicy.Preorder)
            .Add(x => x.ReleaseDate, new DateOnly(2026, 4, 1))
            .Add(x => x.Today, new DateOnly(2026, 3, 2)));
        var released = Render<ReleaseDateChip>(p => p
            .Add(x => x.Policy, SellingPolicy.Preorder)
            .Add(x => x.ReleaseDate, new DateOnly(2026, 3, 1))
            .Add(x => x.Today, new DateOnly(2026, 3, 2)));
        var ordinary = Render<ReleaseDateChip>(p => p.Add(x => x.Policy, SellingPolicy.Backorderable).Add(x => x.ReleaseDate, new DateOnly(2026, 4, 1)));

        Assert.Equal("Preorder: releases 1 Apr 2026", preorder.Find(".release-date-chip").TextContent.Trim());
        Assert.Equal("2026-04-01", preorder.Find(".release-date-chip").GetAttribute("data-release-date"));
        Assert.Equal("Released 1 Mar 2026", released.Find(".release-date-chip").TextContent.Trim());
        Assert.Empty(ordinary.FindAll(".release-date-chip"));
    }

    private static DateTime At(int daysAgo) => Start.UtcDateTime.AddDays(-daysAgo);
}
