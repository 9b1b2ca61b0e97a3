using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;

namespace BackorderDesk.Tests.Features.CustomerService;

public sealed class CustomerAnswerTests
{
    private static readonly DateTime Placed = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_confirmed_range_is_given_as_between_two_days_and_an_estimate_is_called_one()
    {
        var order = Order(
            Line(1, "Tent", ordered: 2, waiting: 2, status: LineStatus.Waiting, eta: new(new(2026, 11, 30), new(2026, 12, 2), true)),
            Line(2, "Lamp", ordered: 1, waiting: 1, status: LineStatus.Waiting, eta: new(new(2026, 12, 8), new(2026, 12, 11), false)));

        Assert.Equal(
            "The 2 × Tent are on backorder: we expect to ship between Nov 30 and Dec 2. "
            + "The 1 × Lamp is on backorder: the supplier has not confirmed a delivery yet, so our best estimate is Dec 8–11, and we will tell you when it is confirmed.",
            CustomerAnswer.For(order));
    }

    [Fact]
    public void A_line_without_an_eta_gets_no_date_and_a_rolling_backorder_gets_an_apology_and_options()
    {
        var order = Order(Line(1, "Stove", ordered: 1, waiting: 1, status: LineStatus.Waiting, eta: new(null, null, false), rolling: true));

        Assert.Equal(
            "The 1 × Stove is on backorder: we cannot give a date yet because no delivery is confirmed, and we will let you know as soon as we can. "
            + "I'm sorry this date has moved more than once; if you would rather not wait, I can cancel it or suggest an alternative that is in stock.",
            CustomerAnswer.For(order));
    }

    [Fact]
    public void Reserved_units_of_a_ship_complete_order_wait_for_the_rest_and_a_partly_allocated_line_says_both()
    {
        var order = Order(
            ShipPolicy.ShipComplete,
            Line(1, "Tent", ordered: 2, allocated: 2, status: LineStatus.Allocated),
            Line(2, "Pegs", ordered: 10, allocated: 4, waiting: 6, status: LineStatus.PartiallyAllocated, eta: new(new(2026, 12, 3), new(2026, 12, 3), true)));

        Assert.Equal(
            "The 2 × Tent are in stock and reserved for you; they will ship together with the rest of the order. "
            + "Of the 10 × Pegs, 4 are reserved for you and 6 are on backorder: we expect to ship on Dec 3.",
            CustomerAnswer.For(order));
    }

    [Fact]
    public void A_shipped_order_says_when_and_what_was_cancelled_and_a_cancelled_order_says_so()
    {
        var shipped = Order(
            Line(1, "Tent", ordered: 2, shipped: 2, status: LineStatus.Shipped),
            Line(2, "Lamp", ordered: 1, cancelled: 1, status: LineStatus.Cancelled)) with { ShippedAt = new DateTime(2026, 12, 4, 15, 0, 0, DateTimeKind.Utc) };
        Assert.Equal("Everything on order SO-1 has shipped. The last part left our warehouse on Dec 4. Cancelled and not charged: 1 × Lamp.", CustomerAnswer.For(shipped));

        var cancelled = Order(Line(1, "Lamp", ordered: 1, cancelled: 1, status: LineStatus.Cancelled));
        Assert.Equal("Order SO-1 was cancelled; nothing from it will ship and nothing will be charged.", CustomerAnswer.For(cancelled));
    }

    private static OrderView Order(params OrderLineView[] lines) => Order(ShipPolicy.ShipPartial, lines);

    private static OrderView Order(ShipPolicy policy, params OrderLineView[] lines) => new(
        "SO-1",
        new CustomerView("C-1", "Jane Doe", "jane@example.com", CustomerType.Dtc),
        "ACME",
        "web",
        OrderStatus.Backordered,
        policy,
        OrderPriority.Standard,
        Placed,
        null,
        Placed,
        Placed.AddDays(30),
        false,
        null,
        lines,
        []);

    private static OrderLineView Line(int number, string name, int ordered, LineStatus status, int allocated = 0, int waiting = 0, int shipped = 0, int cancelled = 0, EtaView? eta = null, bool rolling = false) =>
        new(number, $"SKU-{number}", name, ordered, allocated, shipped, cancelled, ordered - shipped - cancelled, waiting, status,
            waiting > 0 ? 1 : null, eta, eta?.From, eta?.To, status == LineStatus.Held, null, 0, rolling, null, [], []);
}
