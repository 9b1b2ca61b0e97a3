using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

public sealed class EtaRulesTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void Waiting_line_gets_the_first_po_date_that_covers_the_queue_ahead_plus_one_working_day()
    {
        var sku = _w.AddSku("STOVE");
        var first = _w.Place(sku, 4);
        var second = _w.Place(sku, 4);

        // Mon Nov 2: PO-1 brings 5 on Thu Nov 5, PO-2 brings 10 on Fri Nov 13.
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 5), "PO-1");
        _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 13), "PO-2");

        Assert.Equal(new DateOnly(2026, 11, 6), first.Lines[0].EtaFrom);
        Assert.True(first.Lines[0].EtaConfirmed);

        // 4 ahead + 4 own = 8 > 5: covered by PO-2 on Fri 13th; one working day later is Mon 16th.
        Assert.Equal(new DateOnly(2026, 11, 16), second.Lines[0].EtaFrom);
        Assert.Equal(new DateOnly(2026, 11, 16), second.Lines[0].EtaTo);
    }

    [Fact]
    public void Without_confirmed_supply_the_eta_is_lead_time_away_and_unconfirmed()
    {
        var sku = _w.AddSku("AXE");
        var order = _w.Place(sku, 1);

        var line = order.Lines[0];
        Assert.False(line.EtaConfirmed);

        // Today Mon Nov 2 + 14 days lead time = Mon Nov 16, + 1 working day.
        Assert.Equal(new DateOnly(2026, 11, 17), line.EtaFrom);
    }

    [Fact]
    public void A_line_beyond_the_confirmed_inbound_is_never_promised_before_the_lines_ahead()
    {
        var sku = _w.AddSku("HELMET");
        var ahead = _w.Place(sku, 5);
        var behind = _w.Place(sku, 5);
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 27), "PO-LATE"); // later than today + 14 days lead time

        Assert.Equal(new DateOnly(2026, 11, 30), ahead.Lines[0].EtaFrom);
        Assert.True(ahead.Lines[0].EtaConfirmed);
        Assert.Equal(new DateOnly(2026, 11, 30), behind.Lines[0].EtaFrom);
        Assert.False(behind.Lines[0].EtaConfirmed);
    }

    [Fact]
    public void A_sku_with_no_supplier_and_no_lead_time_has_no_eta()
    {
        var sku = _w.AddSku("ODD", withSupplier: false);
        var order = _w.Place(sku, 1);

        Assert.Null(order.Lines[0].EtaFrom);
        Assert.Null(order.Lines[0].EtaTo);
        Assert.False(order.Lines[0].EtaConfirmed);
    }

    [Fact]
    public void The_range_is_widened_by_the_suppliers_observed_lateness()
    {
        _w.Supplier.SetLatenessFrom([0, 1, 2, 2, 3, 3, 4, 5, 6, 9]);
        var sku = _w.AddSku("SAW");
        var order = _w.Place(sku, 1);
        _w.AddPurchaseOrder(sku, 1, new DateOnly(2026, 11, 9), "PO-9");

        // P50 = 3, P90 = 6 days late; arrival Mon Nov 9 → Thu 12 … Sun 15; +1 working day → Fri 13 … Mon 16.
        Assert.Equal(3, _w.Supplier.LatenessP50Days);
        Assert.Equal(6, _w.Supplier.LatenessP90Days);
        Assert.Equal(new DateOnly(2026, 11, 13), order.Lines[0].EtaFrom);
        Assert.Equal(new DateOnly(2026, 11, 16), order.Lines[0].EtaTo);
    }

    [Fact]
    public void Every_eta_change_is_kept_with_its_reason_and_slips_flag_a_rolling_backorder()
    {
        var sku = _w.AddSku("PUMP");
        var order = _w.Place(sku, 2);
        var po = _w.AddPurchaseOrder(sku, 2, new DateOnly(2026, 11, 4), "PO-5");
        var line = order.Lines[0];

        po.ChangeExpectedDate(new DateOnly(2026, 11, 10), _w.Now, "supplier delay");
        WarehouseOperations.RefreshEtas(_w.Books[sku], "PO-5 moved", _w.Operation(new ChangeSet()));
        Assert.False(line.IsRollingBackorder);

        po.ChangeExpectedDate(new DateOnly(2026, 11, 20), _w.Now, "supplier delay");
        WarehouseOperations.RefreshEtas(_w.Books[sku], "PO-5 moved again", _w.Operation(new ChangeSet()));

        Assert.True(line.IsRollingBackorder);
        Assert.Equal(4, line.EtaHistory.Count); // quoted at placement (unconfirmed), PO placed, two slips
        Assert.StartsWith("PO-5 moved again", line.EtaHistory[^1].Reason);
        Assert.Equal(line.EtaHistory[0].To, line.FirstEtaTo);
    }
}
