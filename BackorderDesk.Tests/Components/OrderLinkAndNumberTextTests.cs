using BackorderDesk.Components;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.Stock;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Components;

public sealed class OrderLinkAndNumberTextTests : MudBunitContext
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(12345, "12,345")]
    [InlineData(-1260, "-1,260")]
    [InlineData(1000000, "1,000,000")]
    public void Whole_numbers_have_thousands_separators_whatever_the_culture(int value, string expected)
    {
        var before = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A German server would write 12.345 with the current culture.
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(expected, NumberText.Whole(value));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("SO-1", "/customer-service/orders/SO-1")]
    [InlineData("WEB/2026/001", "/customer-service/orders/WEB%2F2026%2F001")]
    [InlineData("A B#1?x", "/customer-service/orders/A%20B%231%3Fx")]
    public void An_order_number_links_to_its_order_view_percent_encoded(string number, string href)
    {
        var link = Render<OrderLink>(p => p.Add(x => x.Number, number));

        var a = link.Find("a.order-link");
        Assert.Equal(href, a.GetAttribute("href"));
        Assert.Equal(number, a.TextContent.Trim());
    }

    [Fact]
    public void The_sku_queue_links_each_order_and_writes_quantities_with_separators()
    {
        var eta = new EtaRange(null, null, false);
        var table = Render<SkuQueueTable>(p => p.Add(x => x.Queue, [
            new QueueEntry(1, "WEB/2026/001", 2, OrderPriority.Standard, new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), 12_500, 0, 12_345, ShipPolicy.ShipPartial, false, eta),
        ]));

        var row = table.Find("tr[data-position='1']");
        Assert.Equal("/customer-service/orders/WEB%2F2026%2F001", row.QuerySelector("a.order-link")!.GetAttribute("href"));
        Assert.Contains(row.QuerySelectorAll("td"), td => td.TextContent.Trim() == "12,345 of 12,500");
    }
}
