using BackorderDesk.Domain;
using BackorderDesk.Features.Stock;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Stock;

public sealed class SkuDetailPageTests : MudBunitContext
{
    [Fact]
    public async Task A_preorder_shows_its_release_date_under_its_code()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme");
            var game = new Sku("GAME", "Board game", client, SellingPolicy.Preorder);
            game.Describe("Board game", SellingPolicy.Preorder, new DateOnly(2026, 4, 1));
            db.AddRange(client, game);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "GAME"));

        page.WaitForAssertion(() => Assert.Equal("Preorder: releases 1 Apr 2026", page.Find(".release-date-chip").TextContent.Trim()));
    }

    [Fact]
    public void An_unknown_sku_says_so_and_offers_the_search()
    {
        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "NOPE"));

        page.WaitForAssertion(() => Assert.Contains("This SKU does not exist", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("/stock?q=NOPE", page.Find(".empty-state a").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-metric]"));
    }

    [Fact]
    public async Task Shows_buckets_queue_purchase_orders_demand_ledger_and_the_computed_reorder_point()
    {
        await SeedAsync();

        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "B"));

        page.WaitForAssertion(() => Assert.Equal("2", Metric(page, "on-hand")));
        Assert.Equal("B", page.Find("h1").TextContent.Trim());
        Assert.Equal("2", Metric(page, "allocated"));
        Assert.Equal("0", Metric(page, "available"));
        Assert.Equal("0", Metric(page, "held-for-completion"));
        Assert.Equal("8", Metric(page, "inbound"));
        Assert.Equal("3", Metric(page, "backordered"));
        Assert.Equal("6", Metric(page, "reorder-point"));
        Assert.Equal("5", Metric(page, "inventory-position"));

        var queue = page.FindAll(".sku-queue tbody tr");
        Assert.Single(queue);
        Assert.Equal("1", queue[0].GetAttribute("data-position"));
        Assert.Contains("SO-2 / 1", queue[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("3 of 5", queue[0].TextContent, StringComparison.Ordinal);

        var po = page.Find("[data-po='PO-1']");
        Assert.Contains("NORD", po.TextContent, StringComparison.Ordinal);
        Assert.Contains("25 Feb 2026", po.TextContent, StringComparison.Ordinal);
        Assert.NotNull(po.QuerySelector(".sku-po-late"));

        var demand = page.Find(".sku-demand");
        Assert.Equal("90", demand.GetAttribute("data-days"));
        Assert.Equal("5", demand.GetAttribute("data-units"));
        Assert.Contains("5 units in total, on 1 day.", demand.TextContent, StringComparison.Ordinal);

        var ledger = page.FindAll(".sku-ledger tbody tr");
        Assert.Single(ledger);
        Assert.Contains("Opening stock", ledger[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("+2", ledger[0].TextContent, StringComparison.Ordinal);

        Assert.Contains("The computed values apply: reorder point 6, safety stock 2", page.Find(".sku-reorder-source").TextContent, StringComparison.Ordinal);
        Assert.Contains("10 days (the supplier's)", page.Find(".sku-reorder-lead-time").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_reorder_point_is_named_as_the_override_and_open_po_lines_come_earliest_first()
    {
        await SeedAsync();

        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "C"));

        page.WaitForAssertion(() => Assert.Equal("5", Metric(page, "reorder-point")));
        Assert.Contains("A manual override applies: reorder point 5, safety stock 2", page.Find(".sku-reorder-source").TextContent, StringComparison.Ordinal);
        Assert.Contains("15 days (set on the SKU)", page.Find(".sku-reorder-lead-time").TextContent, StringComparison.Ordinal);
        Assert.Equal(["PO-2", "PO-3"], page.FindAll("[data-po]").Select(r => r.GetAttribute("data-po")));
        Assert.Empty(page.FindAll(".sku-po-late"));
        var queue = page.Find(".sku-queue tbody tr");
        Assert.Contains("SO-1 / 2", queue.TextContent, StringComparison.Ordinal);
        Assert.Contains("ship complete", queue.TextContent, StringComparison.Ordinal);
        Assert.Contains("No stock has moved", page.Find(".sku-ledger").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Units_held_for_a_ship_complete_order_are_shown()
    {
        await SeedAsync();

        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "A"));

        page.WaitForAssertion(() => Assert.Equal("3", Metric(page, "held-for-completion")));
        Assert.Contains("No line waits for this SKU", page.Find(".sku-queue").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stock_change_of_this_sku_refreshes_the_page()
    {
        await SeedAsync();
        var page = RenderWithPopovers<SkuDetailPage>(p => p.Add(x => x.Code, "B"));
        page.WaitForAssertion(() => Assert.Equal("2", Metric(page, "on-hand")));

        await using (var db = Database.CreateDbContext())
        {
            var b = db.Skus.Single(s => s.Code == "B");
            db.Ledger.Add(b.Move(MovementKind.Adjustment, 5, Time.GetUtcNow().UtcDateTime, "Found in aisle 3"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Services.GetRequiredService<ChangeFeed>().Publish([new StockChanged("B", 7, 2, 5, 3)]);

        page.WaitForAssertion(() => Assert.Equal("7", Metric(page, "on-hand")));
        Assert.Equal(2, page.FindAll(".sku-ledger tbody tr").Count);
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await StockDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    private static string Metric(IRenderedComponent<SkuDetailPage> page, string metric) =>
        page.Find($"[data-metric='{metric}'] .metric-value").TextContent.Trim();
}
