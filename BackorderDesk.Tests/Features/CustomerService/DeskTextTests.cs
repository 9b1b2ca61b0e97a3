using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Hosting;

namespace BackorderDesk.Tests.Features.CustomerService;

public sealed class DeskTextTests
{
    [Theory]
    [InlineData("SKU X-1 does not exist. Create it first (POST /api/skus).", "SKU X-1 does not exist. Create it first.")]
    [InlineData("Client GHOST does not exist. Create it first with POST /api/clients.", "Client GHOST does not exist. Create it first.")]
    [InlineData("SKU X-1 already exists; change it with PUT /api/skus/X-1.", "SKU X-1 already exists; change it.")]
    [InlineData("Order SO-9 does not exist. Check the number, or search with GET /api/orders?query=.",
        "Order SO-9 does not exist. Check the number, or search by order number, email, name or customer code.")]
    [InlineData("Line 2 is already on hold.", "Line 2 is already on hold.")]
    public void A_refusal_shown_to_an_agent_names_no_api_route(string message, string shown)
    {
        Assert.Equal(shown, DeskText.Message(new DomainException(message)));
        Assert.DoesNotContain("/api/", DeskText.Message(new NotFoundException(message)), StringComparison.Ordinal);
    }
}
