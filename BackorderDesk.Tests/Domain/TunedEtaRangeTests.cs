using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

/// <summary>ETAs from a supplier whose range pair was tuned, and the arrival date each line's first range was built on. Today Mon 2 Nov 2026.</summary>
public sealed class TunedEtaRangeTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void A_tuned_supplier_widens_by_its_chosen_percentiles_and_says_which()
    {
        _w.Supplier.ChooseEtaRange(new EtaRangeChoice(0, 100), [0, 1, 2, 2, 3, 3, 4, 5, 6, 9]);
        var sku = _w.AddSku("SAW");
        var order = _w.Place(sku, 1);
        _w.AddPurchaseOrder(sku, 1, new DateOnly(2026, 11, 9), "PO-9");

        // P0 = 0, P100 = 9 days late; arrival Mon Nov 9 → Mon 9 … Wed 18; +1 working day → Tue 10 … Thu 19.
        var line = order.Lines[0];
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 19)), (line.EtaFrom, line.EtaTo));
        Assert.EndsWith("is usually 0–9 days late (P0–P100 of its receipts)", line.EtaHistory[^1].Reason, StringComparison.Ordinal);

        // Its performance figures still show P50 and P90.
        Assert.Equal((3, 6), (_w.Supplier.LatenessP50Days, _w.Supplier.LatenessP90Days));
    }

    [Fact]
    public void The_eta_carries_the_arrival_date_it_was_built_on()
    {
        _w.Supplier.SetLatenessFrom([2, 5]);
        var sku = _w.AddSku("SAW");
        var po = _w.AddPurchaseOrder(sku, 1, new DateOnly(2026, 11, 9), "PO-9");
        var overdue = _w.AddPurchaseOrder(_w.AddSku("AXE"), 1, new DateOnly(2026, 10, 20), "PO-OLD");

        var confirmed = EtaCalculator.ForNewDemand(sku, 0, [po], _w.Today);
        var late = EtaCalculator.ForNewDemand(overdue.Sku, 0, [overdue], _w.Today);
        var unconfirmed = EtaCalculator.ForNewDemand(sku, 0, [], _w.Today);
        var inStock = EtaCalculator.ForNewDemand(_w.AddSku("ROPE", onHand: 3), 0, [], _w.Today);

        Assert.Equal(new DateOnly(2026, 11, 9), confirmed.Arrival);
        Assert.Equal(_w.Today, late.Arrival); // an overdue PO arrives today at the earliest
        Assert.Equal(_w.Today.AddDays(14), unconfirmed.Arrival); // today + lead time
        Assert.Equal(_w.Today, inStock.Arrival);
        Assert.Null(Eta.Unknown.Arrival);
    }

    [Fact]
    public void A_preorders_arrival_is_not_before_its_release()
    {
        var release = new DateOnly(2026, 12, 1);
        var sku = _w.AddSku("GAME", SellingPolicy.Preorder, releaseDate: release);
        var po = _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 10), "PO-G");

        Assert.Equal(release, EtaCalculator.ForNewDemand(sku, 0, [po], _w.Today).Arrival);
    }

    [Fact]
    public void The_first_quotes_arrival_is_kept_when_the_eta_moves()
    {
        var sku = _w.AddSku("PUMP");
        var order = _w.Place(sku, 2);
        var line = order.Lines[0];

        // First quote: no PO yet, today + 14 days lead time = Mon Nov 16.
        Assert.Equal(new DateOnly(2026, 11, 16), line.FirstEtaArrival);

        _w.AddPurchaseOrder(sku, 2, new DateOnly(2026, 11, 5), "PO-5");

        Assert.Equal(new DateOnly(2026, 11, 6), line.EtaFrom);
        Assert.Equal(new DateOnly(2026, 11, 16), line.FirstEtaArrival);
        Assert.Equal(new DateOnly(2026, 11, 17), line.FirstEtaTo);
    }

    [Fact]
    public void A_line_with_no_eta_has_no_first_arrival()
    {
        var order = _w.Place(_w.AddSku("ODD", withSupplier: false), 1);

        Assert.Null(order.Lines[0].FirstEtaArrival);
    }
}
