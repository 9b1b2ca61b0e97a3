using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.CustomerService;

public sealed class OrderSearchBoxTests : MudBunitContext
{
    [Fact]
    public async Task The_search_field_controls_the_result_list_only_while_the_list_is_there()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            db.AddRange(client, new Sku("A", "A name", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(ct);
        }

        await Services.GetRequiredService<PlaceOrder>().HandleAsync(
            new PlaceOrderRequest("SO-7001", new CustomerInput("C-1", "Ada Lovelace", "ada@example.com", "Dtc"), "ACME", "web", null, "ShipPartial", null,
                [new OrderLineInput("A", 1)]),
            ct);

        var box = RenderWithPopovers<OrderSearchBox>();
        var input = box.Find("#order-search");
        Assert.False(input.HasAttribute("aria-controls"));

        input.Input("SO-70");
        Time.Advance(TimeSpan.FromSeconds(1)); // the field's debounce runs on the app's clock
        box.WaitForAssertion(() => Assert.NotEmpty(box.FindAll("li[data-order='SO-7001']")), TimeSpan.FromSeconds(10));

        var controls = box.Find("#order-search").GetAttribute("aria-controls");
        Assert.False(string.IsNullOrEmpty(controls));
        Assert.Equal("listbox", box.Find($"#{controls}").GetAttribute("role"));

        box.Find("#order-search").Input("zz-no-such-order");
        Time.Advance(TimeSpan.FromSeconds(1));
        box.WaitForAssertion(() => Assert.NotEmpty(box.FindAll(".order-search-none")), TimeSpan.FromSeconds(10));
        Assert.False(box.Find("#order-search").HasAttribute("aria-controls"));
    }
}
