using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Features.Backorders;

public sealed class AllocationExplanationTests : MudBunitContext
{
    [Fact]
    public void Each_allocation_reads_as_a_sentence()
    {
        AllocationView[] allocations =
        [
            new(new DateTime(2026, 11, 23, 9, 12, 0, DateTimeKind.Utc), 3, 3, AllocationCause.Receipt, "R-104", CrossDock: true, QueuePosition: 1,
                "priority KeyAccount is served before Standard", "SO-1002/1, SO-1007/2 (+3 more)"),
            new(new DateTime(2026, 11, 24, 14, 5, 0, DateTimeKind.Utc), 1, 0, AllocationCause.Cancellation, "SO-1003", CrossDock: false, QueuePosition: 2,
                "same priority (KeyAccount), placed earlier: first come, first served", ""),
        ];

        var panel = Render<AllocationExplanation>(p => p
            .Add(x => x.OrderNumber, "SO-1001")
            .Add(x => x.LineNumber, 1)
            .Add(x => x.Allocations, allocations));

        var items = panel.FindAll("[data-allocation]");
        Assert.Equal(2, items.Count);
        Assert.Equal(
            "3 units from receipt scan R-104 on 23 Nov 2026 09:12 — 1st in line; priority KeyAccount is served before Standard; ahead of SO-1002/1, SO-1007/2 (+3 more)",
            items[0].QuerySelector(".allocation-sentence")!.TextContent);
        Assert.NotNull(items[0].QuerySelector(".chip-cross-dock"));
        Assert.Equal(
            "1 unit from the cancellation of SO-1003 on 24 Nov 2026 14:05 — 2nd in line; same priority (KeyAccount), placed earlier: first come, first served",
            items[1].QuerySelector(".allocation-sentence")!.TextContent);
        Assert.Null(items[1].QuerySelector(".chip-cross-dock"));
        Assert.Equal("(1 of them since shipped or taken back)", items[1].QuerySelector(".allocation-released")!.TextContent.Trim());
    }

    [Fact]
    public void A_line_without_allocations_says_where_it_waits()
    {
        var panel = Render<AllocationExplanation>(p => p
            .Add(x => x.OrderNumber, "SO-7")
            .Add(x => x.LineNumber, 2)
            .Add(x => x.Allocations, [])
            .Add(x => x.QueuePosition, 13)
            .Add(x => x.WaitingQty, 4));

        Assert.Equal("No units have been allocated to SO-7/2 yet. It is 13th in line for 4 units.", panel.Find(".no-allocations").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-allocation]"));
    }
}
