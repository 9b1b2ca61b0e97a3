using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

public sealed class EtaForNewDemandTests
{
    // Tuesday.
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly DateTime Now = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_unit_in_stock_ships_after_handling()
    {
        var sku = Build(onHand: 3);

        var eta = EtaCalculator.ForNewDemand(sku, waitingAhead: 0, [], Today);

        Assert.Equal(new DateOnly(2026, 12, 2), eta.From);
        Assert.Equal(new DateOnly(2026, 12, 2), eta.To);
        Assert.True(eta.Confirmed);
    }

    [Fact]
    public void A_new_unit_waits_behind_the_queue_for_the_first_po_that_covers_it()
    {
        var sku = Build(onHand: 2);
        var po = new PurchaseOrder("PO-1", sku.Supplier!, Now);
        var early = po.AddLine(sku, 5, new DateOnly(2026, 12, 4));
        var po2 = new PurchaseOrder("PO-2", sku.Supplier!, Now);
        var later = po2.AddLine(sku, 10, new DateOnly(2026, 12, 10));

        // 2 available + 5 on PO-1 = 7: the 7th unit is covered by PO-1 (Fri Dec 4 → Mon Dec 7), the 8th needs PO-2 (Dec 10 → Fri Dec 11).
        Assert.Equal(new DateOnly(2026, 12, 7), EtaCalculator.ForNewDemand(sku, 6, [early, later], Today).To);
        Assert.Equal(new DateOnly(2026, 12, 11), EtaCalculator.ForNewDemand(sku, 7, [early, later], Today).To);
        Assert.Equal(new DateOnly(2026, 12, 11), EtaCalculator.ForNewDemand(sku, 0, [early, later], Today, qty: 8).To);
    }

    [Fact]
    public void Without_confirmed_supply_the_lead_time_gives_an_unconfirmed_range_widened_by_lateness()
    {
        var sku = Build(onHand: 0, latenessDays: [0, 2, 3, 3, 5]);

        var eta = EtaCalculator.ForNewDemand(sku, waitingAhead: 4, [], Today);

        // Dec 1 + 10 days = Fri Dec 11; P50 3 days → Mon Dec 14 → +1 working day Tue Dec 15; P90 5 → Wed Dec 16 → Thu Dec 17.
        Assert.Equal(new DateOnly(2026, 12, 15), eta.From);
        Assert.Equal(new DateOnly(2026, 12, 17), eta.To);
        Assert.False(eta.Confirmed);
    }

    [Fact]
    public void A_sku_with_neither_supplier_nor_lead_time_has_no_eta()
    {
        var sku = new Sku("X", "X", new Client("C", "C"), SellingPolicy.Backorderable);

        Assert.Equal(Eta.Unknown, EtaCalculator.ForNewDemand(sku, 0, [], Today));
    }

    [Fact]
    public void An_unreleased_preorder_ships_no_earlier_than_its_release()
    {
        var sku = Build(onHand: 5);
        sku.Describe("Preorder", SellingPolicy.Preorder, new DateOnly(2027, 1, 15));

        var eta = EtaCalculator.ForNewDemand(sku, 0, [], Today);

        Assert.Equal(new DateOnly(2027, 1, 18), eta.From);
    }

    [Fact]
    public void A_new_order_gets_what_a_line_at_the_end_of_the_queue_is_quoted()
    {
        var sku = Build(onHand: 1);
        var po = new PurchaseOrder("PO-1", sku.Supplier!, Now).AddLine(sku, 4, new DateOnly(2026, 12, 8));
        var client = sku.Client;
        var customer = new Customer("C1", "C1", null, CustomerType.Dtc);
        var lines = new List<SalesOrderLine>();
        foreach (var (number, qty) in new[] { ("SO-1", 2), ("SO-2", 2), ("SO-3", 1) })
        {
            var order = new SalesOrder(number, client, customer, "web", Now, ShipPolicy.ShipPartial, OrderPriority.Standard);
            lines.Add(order.AddLine(sku, qty));
        }

        // Held lines keep their place and count ahead like any other (under-promise); a new order at the end is quoted like SO-3.
        lines[1].Hold("payment");
        var quoted = EtaCalculator.Compute(sku, AllocationEngine.Queue(lines), [po], Today);
        var ahead = lines.Take(2).Sum(l => l.WaitingQty);

        Assert.Equal(quoted[lines[2]], EtaCalculator.ForNewDemand(sku, ahead, [po], Today));
        Assert.Equal(new DateOnly(2026, 12, 9), quoted[lines[2]].To);
    }

    private static Sku Build(int onHand, int[]? latenessDays = null)
    {
        var supplier = new Supplier("ACME", "Acme", leadTimeDays: 10);
        supplier.SetLatenessFrom(latenessDays ?? []);
        var sku = new Sku("TENT-1", "Tent", new Client("C", "Client"), SellingPolicy.Backorderable);
        sku.SetSupply(supplier, null, 1, 1, 0m);
        if (onHand > 0)
        {
            sku.Move(MovementKind.Adjustment, onHand, Now, "opening stock");
        }

        return sku;
    }
}
