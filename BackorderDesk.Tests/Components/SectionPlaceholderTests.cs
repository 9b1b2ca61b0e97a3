using BackorderDesk.Features.CustomerService;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Components;

public sealed class SectionPlaceholderTests : MudBunitContext
{
    [Fact]
    public void A_section_not_built_yet_says_what_it_will_do_and_links_to_the_Dashboard()
    {
        var page = RenderWithPopovers<CustomerServicePage>();

        Assert.Equal("Customer service", page.Find("h1").TextContent.Trim());
        Assert.Contains("Orders cannot be looked up here yet", page.Find(".empty-state").TextContent, StringComparison.Ordinal);
        var link = page.Find(".empty-state a");
        Assert.Equal("/", link.GetAttribute("href"));
        Assert.Contains("Go to the Dashboard", link.TextContent, StringComparison.Ordinal);
    }
}
