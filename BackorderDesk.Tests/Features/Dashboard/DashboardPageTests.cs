using BackorderDesk.Domain;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardPageTests : MudBunitContext
{
    [Fact]
    public async Task Reorder_alerts_list_the_largest_shortfall_first_with_the_quantity_to_order()
    {
        await using (var db = Database.CreateDbContext())
        {
            await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        }

        await PlannedAsync();

        var page = RenderWithPopovers<DashboardPage>();

        // C: position 3, reorder point 5 (shortfall 2); demand 3 units in 90 days, review 7 days:
        // 5 + 3/90·7 = 5.23 → order ⌈5.23 − 3⌉ = 3. A: position 6 = reorder point 6; 8 units → ⌈6.62 − 6⌉ = 1.
        page.WaitForAssertion(() => Assert.Equal(["C", "A"], page.FindAll(".reorder-alerts-table tr[data-sku]").Select(r => r.GetAttribute("data-sku"))), Loaded);
        Assert.Equal(["3", "1"], page.FindAll(".reorder-alerts-table [data-col=suggested]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["3", "6"], page.FindAll(".reorder-alerts-table [data-col=position]").Select(c => c.TextContent.Trim()));
        Assert.Equal("/stock/C", page.Find("a.reorder-alert-sku").GetAttribute("href"));
    }

    [Fact]
    public async Task A_change_announced_on_the_feed_refreshes_tiles_and_lists_without_reload()
    {
        await SeedBackordersAsync();
        var page = RenderWithPopovers<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal("13", Value(page, "waiting-units")), Loaded);
        Assert.Equal("A", page.Find(".top-short-table tr[data-sku]").GetAttribute("data-sku"));

        // A new order waits for 4 of B: B (4 + 4 = 8) becomes the most short SKU.
        await using (var db = Database.CreateDbContext())
        {
            var acme = await db.Clients.SingleAsync(c => c.Code == "ACME", TestContext.Current.CancellationToken);
            var b = await db.Skus.SingleAsync(s => s.Code == "B", TestContext.Current.CancellationToken);
            var customer = await db.Customers.FirstAsync(TestContext.Current.CancellationToken);
            var order = new SalesOrder("SO-9", acme, customer, "web", Start.UtcDateTime, ShipPolicy.ShipPartial, OrderPriority.Standard);
            order.AddLine(b, 4).MarkBackorderedIfWaiting(Start.UtcDateTime);
            db.Orders.Add(order);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Services.GetRequiredService<BackorderDesk.Live.ChangeFeed>().Publish([new BackorderDesk.Live.StockChanged("B", 2, 2, 0, 8)]);

        page.WaitForAssertion(() => Assert.Equal("17", Value(page, "waiting-units")), Loaded);
        Assert.Equal("B", page.Find(".top-short-table tr[data-sku]").GetAttribute("data-sku"));
        Assert.Equal("6,4,3,4", page.Find("[data-chart=age]").GetAttribute("data-units"));
        Assert.Equal("ACME=13,BETA=4", page.Find("[data-chart=client]").GetAttribute("data-units"));
    }

    [Fact]
    public async Task The_charts_are_images_that_say_what_they_show()
    {
        await SeedBackordersAsync();
        var page = RenderWithPopovers<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-chart=daily-rate] svg")), Loaded);

        var chart = page.Find("[data-chart=daily-rate] svg[role=img]");
        Assert.Equal("Backorder rate per day", page.Find("#" + chart.GetAttribute("aria-labelledby")).TextContent);
        Assert.Contains("against the 5 % target", page.Find("#" + chart.GetAttribute("aria-describedby")).TextContent, StringComparison.Ordinal);
        Assert.Equal("Waiting units by client", page.Find("[data-chart=client] svg[role=img] title").TextContent);
        Assert.EndsWith("ACME, 9 units; BETA, 4 units.", page.Find("[data-chart=client] svg desc").TextContent, StringComparison.Ordinal);
        Assert.Equal(4, page.FindAll("[data-chart=age] svg rect").Count);
        Assert.Empty(page.FindComponents<MudBlazor.MudChart<double>>());
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>
    /// How long a wait may take: the page reads its snapshot on the thread pool, so its figures show a
    /// render after the first, and on a busy machine later than bUnit's default second. Only a failing
    /// test ever waits this long.
    /// </summary>
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_preset_writes_the_period_into_the_url_and_the_kpi_cards_follow()
    {
        await SeedBackordersAsync();
        var page = RenderWithPopovers<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("KPIs, 1 Feb – 2 Mar 2026", page.Markup, StringComparison.Ordinal), Loaded);

        // Click() only queues the click while the renderer is busy elsewhere (a read that finished on
        // the thread pool renders the page meanwhile); awaiting it waits for the handler that writes the URL.
        await page.Find("[data-preset='7']").ClickAsync(new MouseEventArgs());

        Assert.EndsWith("/?from=2026-02-24&to=2026-03-02", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("KPIs, 24 Feb – 2 Mar 2026", page.Markup, StringComparison.Ordinal), Loaded);
        Assert.Equal("true", page.Find("[data-preset='7']").GetAttribute("aria-pressed"));
        Assert.Equal(7, int.Parse(page.Find("[data-chart=daily-rate]").GetAttribute("data-days")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_custom_period_applies_once_both_dates_are_in_order()
    {
        await SeedBackordersAsync();
        var page = RenderWithPopovers<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-chart=daily-rate]")), Loaded);

        page.Find(".dashboard-to input").Change("2026-02-10");
        page.Find(".dashboard-from input").Change("2026-02-20");
        page.WaitForAssertion(() => Assert.Contains("swap them", page.Find(".dashboard-period-error").TextContent, StringComparison.Ordinal), Loaded);
        // Said once: not again as the date field's helper text.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Markup, "swap them"));
        Assert.DoesNotContain("from=", Navigation.Uri, StringComparison.Ordinal);

        await page.Find(".dashboard-from input").ChangeAsync(new ChangeEventArgs { Value = "2026-02-01" });

        Assert.EndsWith("/?from=2026-02-01&to=2026-02-10", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("10", page.Find("[data-chart=daily-rate]").GetAttribute("data-days")), Loaded);
        Assert.Empty(page.FindAll(".dashboard-period-error"));
    }

    [Theory]
    [InlineData("/?from=0001-01-01&to=0001-01-05", "from must be a date from 2000-01-01 to 2100-12-31; 0001-01-01 is out of range.")]
    [InlineData("/?from=9999-12-01&to=9999-12-31", "from must be a date from 2000-01-01 to 2100-12-31; 9999-12-01 is out of range.")]
    [InlineData("/?from=2026-02-01&to=9999-12-31", "to must be a date from 2000-01-01 to 2100-12-31; 9999-12-31 is out of range.")]
    public async Task An_address_with_dates_no_period_can_hold_shows_the_default_periods_and_says_what_was_wrong(string url, string problem)
    {
        await SeedBackordersAsync();
        Navigation.NavigateTo(url);

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("KPIs, 1 Feb – 2 Mar 2026", page.Markup, StringComparison.Ordinal), Loaded);
        Assert.Equal("13", Value(page, "waiting-units"));
        var alert = page.Find(".dashboard-url-period").TextContent;
        Assert.Contains(problem, alert, StringComparison.Ordinal);
        Assert.Contains("choose a period above", alert, StringComparison.Ordinal);

        // Choosing a period clears the message.
        page.Find("[data-preset='7']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".dashboard-url-period")), Loaded);
    }

    [Fact]
    public async Task The_client_in_the_url_filters_figures_charts_and_short_skus()
    {
        await SeedBackordersAsync();
        Navigation.NavigateTo("/?client=BETA");

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("BETA", page.Find("[data-client]").GetAttribute("data-client")), Loaded);
        Assert.Equal("4", Value(page, "waiting-units"));
        Assert.Equal("0,0,0,4", page.Find("[data-chart=age]").GetAttribute("data-units"));
        Assert.Equal("BETA=4", page.Find("[data-chart=client]").GetAttribute("data-units"));
        Assert.Equal(["C"], page.FindAll(".top-short-table tr[data-sku]").Select(r => r.GetAttribute("data-sku")));
        Assert.Equal("/backorders/C", page.Find("a.top-short-sku").GetAttribute("href"));
        Assert.Equal("/backorders?client=BETA&age=30%2B", page.Find("[data-age='30+'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Choosing_a_client_writes_it_into_the_url()
    {
        await SeedBackordersAsync();
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal("ACME=9,BETA=4", page.Find("[data-chart=client]").GetAttribute("data-units")), Loaded);

        page.Find(".mud-input-control.dashboard-client").MouseDown();
        popovers.WaitForAssertion(() => Assert.Equal(3, popovers.FindAll(".mud-list-item").Count), Loaded);
        await popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "ACME").ClickAsync(new MouseEventArgs());

        Assert.EndsWith("/?client=ACME", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("ACME=9", page.Find("[data-chart=client]").GetAttribute("data-units")), Loaded);
        Assert.Equal("9", Value(page, "waiting-units"));
    }

    [Fact]
    public async Task A_client_without_waiting_units_shows_what_the_empty_panels_mean()
    {
        await SeedBackordersAsync();
        await using (var db = Database.CreateDbContext())
        {
            db.Clients.Add(new Client("GAMMA", "Gamma Goods"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Navigation.NavigateTo("/?client=GAMMA");
        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("Nothing waits for stock for GAMMA", page.Find("[data-chart=age] .chart-empty").TextContent, StringComparison.Ordinal), Loaded);
        Assert.Contains("No client has units waiting for GAMMA", page.Find("[data-chart=client] .chart-empty").TextContent, StringComparison.Ordinal);
        Assert.Contains("No SKU is short for GAMMA", page.Find(".top-short-empty").TextContent, StringComparison.Ordinal);
        Assert.Contains("No order was placed in this period", page.Find("[data-chart=daily-rate] .chart-empty").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("No receipt yet for GAMMA", page.Find(".live-feed-empty").TextContent, StringComparison.Ordinal), Loaded);
    }

    [Fact]
    public async Task An_unknown_client_says_so_without_breaking_the_page()
    {
        await SeedBackordersAsync();
        Navigation.NavigateTo("/?client=NOPE");

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("Client NOPE does not exist.", page.Find(".dashboard-error").TextContent, StringComparison.Ordinal), Loaded);
        page.Find(".dashboard-reset").Click();
        page.WaitForAssertion(() => Assert.Equal("13", Value(page, "waiting-units")), Loaded);
        Assert.Empty(page.FindAll(".dashboard-error"));
    }

    [Fact]
    public async Task The_feed_shows_receipts_and_allocations_pushed_on_the_change_feed_newest_first()
    {
        await SeedBackordersAsync();
        var page = RenderWithPopovers<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".live-feed-empty")), Loaded);

        // The page and its feed each listen from their first render's OnAfterRender on, which runs on the
        // renderer's thread right after the render that showed the markup above: once a call queued
        // behind it has run, both listen.
        await page.InvokeAsync(() => { });
        var feed = Services.GetRequiredService<BackorderDesk.Live.ChangeFeed>();
        Assert.True(feed.SubscriberCount >= 2, $"{feed.SubscriberCount} listeners on the change feed; the page and its feed should both listen.");
        feed.Publish(
        [
            new BackorderDesk.Live.ReceiptScanned("R-7", "A", 5),
            new BackorderDesk.Live.Allocated("A", "SO-1", 1, 3, CrossDock: true),
        ]);

        // The feed and the page hear of the change each from their own mailbox, in either order, and the
        // feed shows it with a render of its own: wait on the feed's renders, not the page's.
        var feedView = page.FindComponent<LiveActivityFeed>();
        feedView.WaitForAssertion(() => Assert.Equal(2, feedView.FindAll(".live-feed-entry").Count), Loaded);
        var entries = feedView.FindAll(".live-feed-entry");
        Assert.Equal(2, entries.Count);
        Assert.Equal("allocated", entries[0].GetAttribute("data-kind"));
        Assert.Equal("3 × A to SO-1 line 1", entries[0].QuerySelector(".live-feed-text")!.TextContent);
        Assert.NotNull(entries[0].QuerySelector(".chip-crossdock"));
        Assert.Equal("Received 5 × A", entries[1].QuerySelector(".live-feed-text")!.TextContent);
        Assert.Null(entries[1].QuerySelector(".chip-crossdock"));
    }

    private Task PlannedAsync() =>
        Services.GetRequiredService<BackorderDesk.Features.Planning.UnplannedSkus>().ComputeAsync(TestContext.Current.CancellationToken);

    private async Task SeedBackordersAsync()
    {
        await using var db = Database.CreateDbContext();
        await BackorderDesk.Tests.Features.Backorders.BackordersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        await PlannedAsync();
    }

    [Fact]
    public void Empty_database_shows_how_to_get_data()
    {
        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            var empty = page.Find(".empty-state");
            Assert.Contains("There is no warehouse data yet", empty.TextContent, StringComparison.Ordinal);
            Assert.Contains("BackorderDesk:SeedDemoData=true", empty.TextContent, StringComparison.Ordinal);
            Assert.Equal("/openapi/v1.json", page.Find(".empty-state a").GetAttribute("href"));
        }, Loaded);
        Assert.Empty(page.FindAll("[data-metric]"));
    }

    [Fact]
    public async Task Cards_show_the_figures_of_the_hand_made_warehouse()
    {
        await using (var db = Database.CreateDbContext())
        {
            await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        }

        await PlannedAsync();

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("3", Value(page, "open-orders")), Loaded);
        Assert.Equal("2", Value(page, "open-orders-waiting"));
        Assert.Equal("66.7 %", Value(page, "backorder-rate"));
        Assert.Equal("2", Value(page, "waiting-lines"));
        Assert.Equal("6", Value(page, "waiting-units"));
        Assert.Equal("3", Value(page, "skus"));
        Assert.Equal("2", Value(page, "skus-at-reorder-point"));
        Assert.Equal("3", Value(page, "open-po-lines"));
        Assert.Equal("1", Value(page, "late-po-lines"));
        Assert.Empty(page.FindAll(".empty-state"));

        // KPIs of the last 30 days (Feb 1 – Mar 2) against the 30 before, when nothing was placed.
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-metric^=kpi-]").Count), Loaded);
        Assert.Contains("KPIs, 1 Feb – 2 Mar 2026", page.Markup, StringComparison.Ordinal);
        Assert.Equal("no previous period to compare", page.Find("[data-metric=kpi-backorder-rate] .metric-hint").TextContent.Trim());
    }

    [Fact]
    public async Task Backorder_rate_is_a_dash_when_no_order_is_open()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            db.AddRange(client, new Sku("A", "Rain jacket", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("—", Value(page, "backorder-rate")), Loaded);
        Assert.Equal("0", Value(page, "open-orders"));
        Assert.Equal("1", Value(page, "skus"));
    }

    private static string Value(IRenderedComponent<DashboardPage> page, string metric) =>
        page.Find($"[data-metric='{metric}'] .metric-value").TextContent.Trim();
}
