using BackorderDesk.Features.Stock;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Stock;

public sealed class StockPageTests : MudBunitContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Empty_database_says_how_to_create_skus()
    {
        var page = RenderWithPopovers<StockPage>();

        page.WaitForAssertion(() =>
        {
            var empty = page.Find(".empty-state");
            Assert.Contains("There are no SKUs yet", empty.TextContent, StringComparison.Ordinal);
            Assert.Contains("through the HTTP API", empty.TextContent, StringComparison.Ordinal);
            Assert.Contains("BackorderDesk:SeedDemoData=true", empty.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal("Stock", page.Find("h1").TextContent.Trim());
    }

    [Fact]
    public async Task Lists_every_sku_with_its_buckets_and_links_to_its_detail()
    {
        await SeedAsync();

        var page = RenderWithPopovers<StockPage>();

        page.WaitForAssertion(() => Assert.Equal(["A", "B", "C", "D", "E"], Skus(page)));
        Assert.Equal("5", page.Find(".stock-grid").GetAttribute("data-total"));
        Assert.Equal("/stock/A", page.Find("a.stock-sku").GetAttribute("href"));
        var b = Row(page, "B");
        Assert.Contains("next 25 Feb 2026", b.TextContent, StringComparison.Ordinal);
        Assert.NotNull(b.QuerySelector(".stock-below-chip"));
        Assert.Null(Row(page, "A").QuerySelector(".stock-below-chip"));
    }

    [Fact]
    public async Task Filters_and_sort_in_the_url_are_read_on_load()
    {
        await SeedAsync();
        Navigation.NavigateTo("/stock?client=BETA&sort=inventoryposition&dir=asc");

        var page = RenderWithPopovers<StockPage>();

        page.WaitForAssertion(() => Assert.Equal(["E", "D"], Skus(page)));
        Assert.Equal("2", page.Find(".stock-grid").GetAttribute("data-total"));
    }

    [Fact]
    public async Task A_filter_set_on_the_page_narrows_the_grid_and_lands_in_the_url()
    {
        await SeedAsync();
        var page = RenderWithPopovers<StockPage>();
        page.WaitForAssertion(() => Assert.Equal(5, Skus(page).Count));

        page.Find(".stock-backorders input").Change(true);

        page.WaitForAssertion(() => Assert.Equal(["B", "C"], Skus(page)));
        Assert.Contains("backorders=true", Navigation.Uri, StringComparison.Ordinal);

        page.Find(".stock-search input").Change("fleece");

        page.WaitForAssertion(() => Assert.Equal(["B"], Skus(page)));
        Assert.Contains("q=fleece", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("backorders=true", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_match_says_so_and_clearing_the_filters_shows_every_sku_again()
    {
        await SeedAsync();
        Navigation.NavigateTo("/stock?q=nothing-like-this&below=true");

        var page = RenderWithPopovers<StockPage>();

        page.WaitForAssertion(() => Assert.Contains("No SKU matches these filters", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Empty(Skus(page));

        page.Find(".stock-empty-clear").Click();

        page.WaitForAssertion(() => Assert.Equal(["A", "B", "C", "D", "E"], Skus(page)));
        Assert.DoesNotContain("q=", Navigation.Uri, StringComparison.Ordinal);
        Assert.DoesNotContain("below=", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stock_change_of_a_sku_on_the_page_reloads_the_grid_and_flashes_its_row()
    {
        await SeedAsync();
        var page = RenderWithPopovers<StockPage>();
        page.WaitForAssertion(() => Assert.Equal(5, Skus(page).Count));

        await using (var db = Database.CreateDbContext())
        {
            var b = db.Skus.Single(s => s.Code == "B");
            db.Ledger.Add(b.Move(BackorderDesk.Domain.MovementKind.Adjustment, 5, Time.GetUtcNow().UtcDateTime, "Found in aisle 3"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Services.GetRequiredService<ChangeFeed>().Publish([new StockChanged("B", 7, 2, 5, 3)]);

        page.WaitForAssertion(() =>
        {
            var row = Row(page, "B");
            Assert.Contains("stock-row-flash", row.ClassName ?? "", StringComparison.Ordinal);
            Assert.Equal("7", row.QuerySelector("[data-col=on-hand]")!.TextContent.Trim());
        });
        Assert.DoesNotContain("stock-row-flash", Row(page, "A").ClassName ?? "", StringComparison.Ordinal);

        Time.Advance(StockGrid.FlashDuration + TimeSpan.FromMilliseconds(100));

        page.WaitForAssertion(() => Assert.DoesNotContain("stock-row-flash", Row(page, "B").ClassName ?? "", StringComparison.Ordinal));
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await StockDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    private static List<string> Skus(IRenderedComponent<StockPage> page) =>
        page.FindAll("a.stock-sku").Select(a => a.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<StockPage> page, string sku) =>
        page.FindAll("tr").Single(tr => tr.QuerySelector("a.stock-sku")?.TextContent.Trim() == sku);
}
