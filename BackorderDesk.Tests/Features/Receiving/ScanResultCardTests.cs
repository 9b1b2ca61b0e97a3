using BackorderDesk.Features.Receiving;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Features.Receiving;

public sealed class ScanResultCardTests : MudBunitContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Before_any_scan_it_says_what_to_do()
    {
        var card = Render<ScanResultCard>();

        Assert.Contains("Ready to scan", card.Markup);
        Assert.Contains("cross-dock to a waiting order or go to a shelf", card.Markup);
    }

    [Fact]
    public void Cross_docked_units_are_shown_per_order_line_in_the_cross_dock_colour()
    {
        var entry = new ScanEntry("s1", "B-1", 5, At)
        {
            Answer = new ReceiptAnswer(true, "s1", "TENT", "Tent", 5, 5, [new("SO-1", 1, 3, true), new("SO-2", 2, 1, true)], 1),
        };

        var card = Render<ScanResultCard>(p => p.Add(c => c.Entry, entry));

        Assert.Equal(["Cross-dock 3 → SO-1 line 1", "Cross-dock 1 → SO-2 line 2"], card.FindAll("[data-testid=crossdock-line]").Select(e => e.TextContent.Trim()));
        Assert.Equal("Put away 1 to a shelf", card.Find("[data-testid=putaway-line]").TextContent.Trim());
        Assert.Contains("scan-result--crossdock", card.Find("[data-testid=scan-result]").ClassName);
    }

    [Fact]
    public void Units_for_nobody_go_to_a_shelf_in_the_shelf_colour()
    {
        var entry = new ScanEntry("s2", "B-2", 4, At) { Answer = new ReceiptAnswer(true, "s2", "BOOT", "Boot", 4, 9, [], 4) };

        var card = Render<ScanResultCard>(p => p.Add(c => c.Entry, entry));

        Assert.Empty(card.FindAll("[data-testid=crossdock-line]"));
        Assert.Contains("scan-result--shelf", card.Find("[data-testid=scan-result]").ClassName);
    }

    [Fact]
    public void A_repeated_scan_says_nothing_changed()
    {
        var entry = new ScanEntry("s3", "B-2", 4, At) { Answer = new ReceiptAnswer(false, "s3", "BOOT", "Boot", 4, 9, [], 4) };

        var card = Render<ScanResultCard>(p => p.Add(c => c.Entry, entry));

        Assert.Contains("already received", card.Markup);
    }

    [Fact]
    public void An_error_says_plainly_that_nothing_was_recorded()
    {
        var entry = new ScanEntry("s4", "NOPE", 1, At) { Error = "Barcode NOPE belongs to no SKU." };

        var card = Render<ScanResultCard>(p => p.Add(c => c.Entry, entry));

        Assert.Contains("nothing was recorded", card.Find("[data-testid=scan-error]").TextContent);
        Assert.Contains("Barcode NOPE belongs to no SKU.", card.Markup);
    }
}
