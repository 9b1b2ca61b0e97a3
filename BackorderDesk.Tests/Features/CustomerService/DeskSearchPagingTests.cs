using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>The desk's search box says how many orders match and shows them a page at a time; the call lists page.</summary>
public sealed class DeskSearchPagingTests : MudBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_box_says_how_many_orders_match_and_show_more_adds_the_next_page_until_all_are_shown()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            var ada = new Customer("C-ADA", "Ada Lovelace", "ada@mail.example", CustomerType.Dtc);
            var bob = new Customer("C-BOB", "Bob Marsh", "bob@mail.example", CustomerType.Dtc);
            db.AddRange(client, ada, bob);

            // 11 of Ada's orders, SO-01 the oldest; one of Bob's.
            for (var i = 1; i <= 11; i++)
            {
                db.Orders.Add(new SalesOrder($"SO-{i:00}", client, ada, "web", Start.UtcDateTime.AddHours(-20 + i), ShipPolicy.ShipPartial, OrderPriority.Standard));
            }

            db.Orders.Add(new SalesOrder("SO-99", client, bob, "web", Start.UtcDateTime, ShipPolicy.ShipPartial, OrderPriority.Standard));
            await db.SaveChangesAsync(Ct);
        }

        var box = RenderWithPopovers<OrderSearchBox>();

        Type(box, "LOVÉLACE");
        box.WaitForAssertion(() => Assert.Equal("11 orders match “LOVÉLACE”", box.Find(".order-search-count").TextContent.Trim()), Wait);
        Assert.Equal(
            ["SO-11", "SO-10", "SO-09", "SO-08", "SO-07", "SO-06", "SO-05", "SO-04"],
            box.FindAll("li[data-order]").Select(li => li.GetAttribute("data-order")));
        Assert.Contains("8 of 11 shown", box.Find(".order-search-more").TextContent, StringComparison.Ordinal);
        Assert.Equal("order-search-listbox", box.Find("#order-search").GetAttribute("aria-controls"));
        Assert.Equal("listbox", box.Find("#order-search-listbox").GetAttribute("role"));

        box.Find(".order-search-more").Click();

        box.WaitForAssertion(() => Assert.Equal(11, box.FindAll("li[data-order]").Count), Wait);
        Assert.Equal(["SO-03", "SO-02", "SO-01"], box.FindAll("li[data-order]").Skip(8).Select(li => li.GetAttribute("data-order")));
        Assert.Empty(box.FindAll(".order-search-more"));

        Type(box, "arsh");
        box.WaitForAssertion(() => Assert.Equal("1 order matches “arsh”", box.Find(".order-search-count").TextContent.Trim()), Wait);
        Assert.Equal(["SO-99"], box.FindAll("li[data-order]").Select(li => li.GetAttribute("data-order")));

        Type(box, "zzz");
        box.WaitForAssertion(() => Assert.Contains("No order number, customer code, email or name contains “zzz”", box.Find(".order-search-none").TextContent, StringComparison.Ordinal), Wait);
    }

    // The box searches once typing pauses (a debounce on the injected clock, here a fake one).
    private void Type(IRenderedComponent<OrderSearchBox> box, string text)
    {
        box.Find("#order-search").Input(text);
        Time.Advance(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public void A_call_list_longer_than_a_page_shows_which_lines_of_how_many_and_a_pager_that_asks_for_the_page()
    {
        var lines = Enumerable.Range(26, 25)
            .Select(i => new RiskLine($"SO-{i}", 1, "Ada", null, "TENT", 1, Start.UtcDateTime, null, null, 2, null))
            .ToList();
        var asked = new List<int>();

        var view = Render<RiskListView>(p => p
            .Add(x => x.Id, "rolling")
            .Add(x => x.Title, "Rolling backorders")
            .Add(x => x.List, new RiskList(60, lines, Page: 2))
            .Add(x => x.PageChanged, page => asked.Add(page)));

        Assert.Equal("Rolling backorders (60)", view.Find("h2").TextContent.Trim());
        Assert.Equal("26–50 of 60", view.Find(".risk-list-range").TextContent.Trim());
        Assert.Equal(25, view.FindAll("tbody tr").Count);
        view.Find(".risk-list-pages button[aria-label*='3']").Click();
        Assert.Equal([3], asked);
    }

    [Fact]
    public void A_call_list_that_fits_one_page_has_no_pager()
    {
        var view = Render<RiskListView>(p => p
            .Add(x => x.Id, "rolling")
            .Add(x => x.Title, "Rolling backorders")
            .Add(x => x.List, new RiskList(1, [new RiskLine("SO-1", 1, "Ada", null, "TENT", 1, Start.UtcDateTime, null, null, 2, null)])));

        Assert.Empty(view.FindAll(".risk-list-pages"));
    }
}
