using BackorderDesk.Features.Backorders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Backorders;

public sealed class BackorderQueuePageTests : MudBunitContext
{
    // Actions go through the real write path (a queued writer over SQLite): on this busy machine a
    // commit can take longer than bUnit's one-second default wait.
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_queue_lists_waiting_lines_in_allocation_order()
    {
        await SeedAsync();

        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));
        var rows = page.FindAll(".queue-table tbody tr");
        Assert.Equal(["SO-2/1", "SO-6/1"], rows.Select(r => r.GetAttribute("data-line")));
        Assert.Equal(["1", "2"], rows.Select(r => r.QuerySelector("[data-col=position]")!.TextContent.Trim()));
        Assert.Equal(["Key account", "Standard"], rows.Select(r => r.QuerySelector("[data-col=priority]")!.TextContent.Trim()));
        Assert.Equal(["3", "1"], rows.Select(r => r.QuerySelector("[data-col=waiting]")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Why_explains_the_allocation_of_a_line_in_words()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        page.Find("tr[data-line='SO-2/1'] .action-why").Click();

        // The explanation opens in a dialog (in view of the row), not in a panel above the table.
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".why-panel [data-allocation]")));
        Assert.Equal(
            "2 units from receipt scan R-104 on 21 Feb 2026 10:15 — 1st in line; priority KeyAccount is served before Standard; ahead of SO-6/1",
            dialogs.Find(".why-panel .allocation-sentence").TextContent.Trim());
        Assert.NotNull(dialogs.Find(".why-panel .chip-cross-dock"));
        Assert.Empty(page.FindAll(".why-panel"));
    }

    [Fact]
    public async Task Why_for_a_line_without_units_says_its_place_in_line()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        page.Find("tr[data-line='SO-6/1'] .action-why").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "No units have been allocated to SO-6/1 yet. It is 2nd in line for 1 unit.",
            dialogs.Find(".why-panel .no-allocations").TextContent.Trim()));
    }

    [Fact]
    public async Task What_if_receipt_shows_what_it_would_fill_and_commits_nothing()
    {
        await SeedAsync();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        page.Find(".what-if-qty input").Change("3");
        page.Find(".what-if-run").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "3 units would fill 1 line: 3 units cross-dock to outbound, 0 units to the shelf; 1 order becomes shippable; 1 line would still wait.",
            Normalize(page.Find(".what-if-summary").TextContent)));
        Assert.Equal(["SO-2/1"], page.FindAll(".what-if-lines tbody tr").Select(r => r.GetAttribute("data-line")));
        Assert.Equal("3", page.Find("tr[data-line='SO-2/1'] [data-col=waiting]").TextContent.Trim());
    }

    [Fact]
    public async Task Expediting_an_order_moves_its_line_to_the_front_at_once()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        page.Find("tr[data-line='SO-6/1'] .action-expedite").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Expedite order SO-6?", dialogs.Find(".queue-action-panel").TextContent, StringComparison.Ordinal));
        dialogs.Find(".queue-action-panel .action-confirm").Click();

        page.WaitForAssertion(
            () => Assert.Equal(["SO-6/1", "SO-2/1"], page.FindAll(".queue-table tbody tr").Select(r => r.GetAttribute("data-line"))),
            WriteTimeout);
        Assert.Equal("Expedite", page.Find("tr[data-line='SO-6/1'] [data-col=priority]").TextContent.Trim());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".queue-action-panel")));
    }

    [Fact]
    public async Task Holding_a_line_needs_a_reason_and_then_shows_it_held()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        page.Find("tr[data-line='SO-6/1'] .action-hold").Click();
        dialogs.WaitForElement(".queue-action-panel .action-confirm").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("reason is required", dialogs.Find(".queue-action-panel [role=alert]").TextContent, StringComparison.Ordinal), WriteTimeout);

        dialogs.Find(".queue-action-panel .hold-reason input").Change("customer asked to wait");
        dialogs.Find(".queue-action-panel .action-confirm").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("tr[data-line='SO-6/1'] .chip-on-hold")), WriteTimeout);
        Assert.NotNull(page.Find("tr[data-line='SO-6/1'] .action-release"));
        Assert.Equal("2", page.Find("tr[data-line='SO-6/1'] [data-col=position]").TextContent.Trim());
    }

    [Fact]
    public async Task Order_numbers_link_to_the_order_view()
    {
        await SeedAsync();
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "B"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".queue-table tbody tr").Count));

        Assert.Equal("/customer-service/orders/SO-2", page.Find("tr[data-line='SO-2/1'] a.order-link").GetAttribute("href"));
        Assert.Equal("SO-2", page.Find("tr[data-line='SO-2/1'] a.order-link").TextContent.Trim());
    }

    [Fact]
    public void An_unknown_sku_is_an_alert_not_a_crash()
    {
        var page = RenderWithPopovers<BackorderQueuePage>(p => p.Add(x => x.Sku, "NOPE"));

        page.WaitForAssertion(() => Assert.Contains("SKU NOPE does not exist.", page.Find("[role=alert]").TextContent, StringComparison.Ordinal));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await BackordersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }
}
