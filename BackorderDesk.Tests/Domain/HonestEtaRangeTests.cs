using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

/// <summary>
/// What an ETA range allows for beyond the inbound dates: key-account demand still to come, a purchase
/// order already overdue, and a purchase order that can only be placed after the weekend.
/// Today Mon 2 Nov 2026; the scenario's supplier has a 14-day lead time and no receipts unless set.
/// </summary>
public sealed class HonestEtaRangeTests
{
    private readonly WarehouseScenario _w = new();

    private Sku SkuWithPriorityDemand(string code, double priorityUnitsPerDay)
    {
        var sku = _w.AddSku(code);
        sku.ApplyPlanning(
            ReorderPlanning.Compute(new ReorderInputsSnapshot(
                new DemandFigures(2, 1, priorityUnitsPerDay), LeadTimeFigures.Configured(14), AbcClass.B, null, null, null, null)),
            _w.Now);
        return sku;
    }

    [Fact]
    public void A_standard_lines_last_day_allows_for_the_key_account_units_expected_before_its_po()
    {
        var sku = SkuWithPriorityDemand("SAW", 0.5);
        _w.AddPurchaseOrder(sku, 2, new DateOnly(2026, 11, 9), "PO-A");
        _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 16), "PO-B");

        var line = _w.Place(sku, 2).Lines[0];

        // PO-A (Mon Nov 9) covers the 2 units, but by then ⌈0.5 · 7⌉ = 4 priority units are expected
        // ahead of it: 2 < 2 + 4. PO-B (Mon Nov 16) brings 12 ≥ 2 + ⌈0.5 · 14⌉ = 9.
        // First day: Nov 9 + 1 working day = Tue Nov 10; last day: Nov 16 + 1 = Tue Nov 17.
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 17)), (line.EtaFrom, line.EtaTo));
        Assert.Equal(new DateOnly(2026, 11, 9), line.FirstEtaArrival);
        Assert.Contains("up to Nov 17 if the 7 key-account or expedited units expected by then come first", line.EtaHistory[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_account_lines_and_skus_without_priority_demand_are_not_widened()
    {
        var busy = SkuWithPriorityDemand("SAW", 0.5);
        var quiet = SkuWithPriorityDemand("AXE", 0);
        foreach (var sku in new[] { busy, quiet })
        {
            _w.AddPurchaseOrder(sku, 2, new DateOnly(2026, 11, 9), "PO-A");
            _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 16), "PO-B");
        }

        var keyAccount = _w.Place(busy, 2, OrderPriority.KeyAccount).Lines[0];
        var standard = _w.Place(quiet, 2).Lines[0];

        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 10)), (keyAccount.EtaFrom, keyAccount.EtaTo));
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 10)), (standard.EtaFrom, standard.EtaTo));
    }

    [Fact]
    public void The_shops_quote_for_new_demand_allows_for_priority_demand_too()
    {
        var sku = SkuWithPriorityDemand("SAW", 0.5);
        var a = _w.AddPurchaseOrder(sku, 2, new DateOnly(2026, 11, 9), "PO-A");
        var b = _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 16), "PO-B");

        var quote = EtaCalculator.ForNewDemand(sku, 0, [a, b], _w.Today, qty: 2);

        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 17)), (quote.From, quote.To));
    }

    [Fact]
    public void Beyond_confirmed_supply_the_last_day_falls_back_to_a_new_purchase_order()
    {
        var sku = SkuWithPriorityDemand("SAW", 1);
        _w.AddPurchaseOrder(sku, 3, new DateOnly(2026, 11, 9), "PO-A");

        var line = _w.Place(sku, 2).Lines[0];

        // PO-A covers 2 but not 2 + 7 priority units; no later PO: one placed today, + 14 days = Mon Nov 16,
        // + 1 working day → Tue Nov 17.
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 17)), (line.EtaFrom, line.EtaTo));
        Assert.True(line.EtaConfirmed); // the first day rests on PO-A
    }

    [Fact]
    public void An_overdue_po_is_read_from_the_receipts_that_were_as_late()
    {
        // Eighteen on time, one 10 and one 40 days late: P50–P90 of all of them is 0–0 days.
        _w.Supplier.SetLatenessFrom([.. Enumerable.Repeat(0, 18), 10, 40]);
        var sku = _w.AddSku("SAW");
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 10, 28), "PO-OLD"); // 5 days overdue today

        var line = _w.Place(sku, 1).Lines[0];

        // The receipts at least 5 days late: 10 and 40; their P50 = 10 and P90 = 40, i.e. 5 and 35 days
        // after today. Mon Nov 2 + 5 = Sat Nov 7 → Mon Nov 9; + 35 = Mon Dec 7 → Tue Dec 8.
        Assert.Equal((new DateOnly(2026, 11, 9), new DateOnly(2026, 12, 8)), (line.EtaFrom, line.EtaTo));
        Assert.Equal(_w.Today, line.FirstEtaArrival);
        Assert.Contains("5 days late now: ", line.EtaHistory[^1].Reason, StringComparison.Ordinal);
        Assert.Contains("receipts that were as late came 5–35 days later (P50–P90 of them)", line.EtaHistory[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overdue_pos_last_day_is_never_before_that_of_a_po_due_today()
    {
        // Ten on time and five 10, 12, 14, 16 and 20 days late. P50–P90 of all of them: 0–16 days.
        _w.Supplier.SetLatenessFrom([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 12, 14, 16, 20]);
        var sku = _w.AddSku("SAW");
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 10, 24), "PO-OLD"); // 9 days overdue today

        var line = _w.Place(sku, 1).Lines[0];

        // The receipts at least 9 days late (10, 12, 14, 16, 20) came 5 (P50: 14) to 11 (P90: 20) days
        // after today; but a PO due today could still be 16 days late. Mon Nov 2 + 5 = Sat Nov 7 →
        // Mon Nov 9; + 16 = Wed Nov 18 → Thu Nov 19.
        Assert.Equal((new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 19)), (line.EtaFrom, line.EtaTo));
    }

    [Fact]
    public void A_po_later_than_any_receipt_ever_was_widens_from_today_as_before()
    {
        _w.Supplier.SetLatenessFrom([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 12, 14, 16, 20]);
        var sku = _w.AddSku("SAW");
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 9, 30), "PO-OLDER"); // 33 days overdue

        var line = _w.Place(sku, 1).Lines[0];

        // Today + P50 (0) … today + P90 (16): Tue Nov 3 … Wed Nov 18 + 1 → Thu Nov 19.
        Assert.Equal((new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 19)), (line.EtaFrom, line.EtaTo));
    }
}
