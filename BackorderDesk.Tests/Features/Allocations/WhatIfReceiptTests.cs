using BackorderDesk.Domain;
using BackorderDesk.Features.Allocations;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Allocations;

public sealed class WhatIfReceiptTests
{
    [Fact]
    public async Task What_if_shows_the_lines_a_receipt_would_fill_and_commits_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WriterHarness.CreateAsync();
        await h.SeedSkusAsync("TENT");
        await h.PlaceOrderAsync("SO-1", "TENT", 2);
        await h.PlaceOrderAsync("SO-2", "TENT", 3, OrderPriority.KeyAccount);
        await h.PlaceOrderAsync("SO-3", "TENT", 4);
        h.Published.Clear();

        var answer = await new WhatIfReceipt(h.Database, h.Time, h.Options).HandleAsync("TENT", 6, ct);

        Assert.Equal(
            [("SO-2", 3, 0), ("SO-1", 2, 0), ("SO-3", 1, 3)],
            answer.Lines.Select(l => (l.OrderNumber, l.Qty, l.StillWaiting)));
        Assert.Equal(6, answer.CrossDockQty);
        Assert.Equal(0, answer.PutawayQty);
        Assert.Equal(3, answer.OrdersBecomingShippable);
        Assert.Equal(1, answer.LinesStillWaiting);

        await using var db = h.Database.CreateDbContext();
        Assert.Equal(0, await db.Allocations.CountAsync(ct));
        Assert.Equal(9, await db.Skus.Select(s => s.Backordered).SingleAsync(ct));
        Assert.Empty(h.Published);
    }

    [Fact]
    public async Task What_if_with_more_than_is_waiting_puts_the_rest_on_a_shelf()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WriterHarness.CreateAsync();
        await h.SeedSkusAsync("TENT");
        await h.PlaceOrderAsync("SO-1", "TENT", 2);

        var answer = await new WhatIfReceipt(h.Database, h.Time, h.Options).HandleAsync("TENT", 10, ct);

        Assert.Equal(2, answer.CrossDockQty);
        Assert.Equal(8, answer.PutawayQty);
        Assert.Equal(0, answer.LinesStillWaiting);
    }
}
