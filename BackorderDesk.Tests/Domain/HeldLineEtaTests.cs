using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

/// <summary>docs/rules.md R3 (ETA): held lines ahead count too: promising their units to the lines behind would slip at release.</summary>
public sealed class HeldLineEtaTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void A_held_line_ahead_pushes_the_line_behind_to_the_later_po()
    {
        // Mon Nov 2, nothing on hand: SO-A (4, then held) waits ahead of SO-B (4).
        // PO-1 brings 5 on Thu Nov 5, PO-2 brings 10 on Fri Nov 13.
        var sku = _w.AddSku("STOVE");
        var held = _w.Place(sku, 4, number: "SO-A");
        var behind = _w.Place(sku, 4, number: "SO-B");
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 5), "PO-1");
        _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 13), "PO-2");
        Assert.Equal(new DateOnly(2026, 11, 16), behind.Lines[0].EtaTo);

        _w.Hold(held);

        // 4 held ahead + 4 own = 8 > 5 on PO-1: PO-2 on Fri Nov 13, one working day later Mon Nov 16
        // (skipping the held line would have promised PO-1: Fri Nov 6).
        Assert.Equal(new DateOnly(2026, 11, 16), behind.Lines[0].EtaFrom);
        Assert.Equal(new DateOnly(2026, 11, 16), behind.Lines[0].EtaTo);
        Assert.Contains("PO-2 expected Nov 13", behind.Lines[0].EtaHistory[^1].Reason, StringComparison.Ordinal);

        // The held line keeps its own place: 4 ≤ 5 on PO-1, Fri Nov 6.
        Assert.Equal(new DateOnly(2026, 11, 6), held.Lines[0].EtaTo);
    }

    [Fact]
    public void Releasing_the_hold_does_not_move_the_line_behind()
    {
        var sku = _w.AddSku("LAMP");
        var held = _w.Place(sku, 4, number: "SO-A");
        var behind = _w.Place(sku, 4, number: "SO-B");
        _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 5), "PO-1");
        _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 13), "PO-2");
        _w.Hold(held);
        var before = (behind.Lines[0].EtaFrom, behind.Lines[0].EtaTo);

        _w.Release(held);

        // The promise made while the line ahead was held is the one kept after its release: no slip.
        Assert.Equal(before, (behind.Lines[0].EtaFrom, behind.Lines[0].EtaTo));
        Assert.Equal(0, behind.Lines[0].EtaSlips);
    }

    [Fact]
    public void A_new_order_is_quoted_behind_held_lines_too()
    {
        var sku = _w.AddSku("MUG");
        var held = _w.Place(sku, 4, number: "SO-A");
        var po1 = _w.AddPurchaseOrder(sku, 5, new DateOnly(2026, 11, 5), "PO-1");
        var po2 = _w.AddPurchaseOrder(sku, 10, new DateOnly(2026, 11, 13), "PO-2");
        _w.Hold(held);

        // 4 waiting ahead (held) + 4 new = 8 > 5: PO-2, Mon Nov 16; the queue quotes a line behind the same.
        var eta = EtaCalculator.ForNewDemand(sku, waitingAhead: 4, [po1, po2], _w.Today, qty: 4);

        Assert.Equal(new DateOnly(2026, 11, 16), eta.To);
    }
}
