using BackorderDesk.Data;
using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Features.Receiving;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>Orders and receipts racing on one SKU through the API: totals stay exact, nothing is oversold.</summary>
public class OrderConcurrencyTests
{
    /// <summary>The database these tests run on; <see cref="OrderConcurrencyTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private const int Rounds = 3;
    private const int Parallel = 64;

    [Fact]
    public async Task Parallel_orders_and_receipts_on_one_sku_keep_exact_totals_and_never_oversell()
    {
        // The system clock: the writer's busy-retry back-off must be able to elapse.
        await using var s = await OrdersScenario.StartAsync(Provider, fakeClock: false);
        await s.AddSkuAsync("HOT");
        var appliedQty = 0;
        var orderedQty = 0;
        var scanIds = new HashSet<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var requests = new List<Func<Task<HttpResponseMessage>>>();
            for (var i = 0; i < Parallel; i++)
            {
                var qty = (i % 5) + 1;
                orderedQty += qty;
                var number = $"SO-{round}-{i:D2}";
                requests.Add(() => s.Api.PostAsJsonAsync("/api/orders", OrderAllocationRulesTests.OrderBody(number, ("HOT", qty)), s.Ct));
            }

            for (var j = 0; j < Parallel; j++)
            {
                // The first half comes in pairs with the same scan id (a device retrying): 16 + 32 scans.
                var scan = j < Parallel / 2 ? j / 2 : j;
                var scanId = $"R{round}-{scan}";
                var qty = (scan % 4) + 1;
                if (scanIds.Add(scanId))
                {
                    appliedQty += qty;
                }

                requests.Add(() => s.Api.PostAsJsonAsync("/api/receipts", new { scanId, sku = "HOT", qty }, s.Ct));
            }

            // Interleave orders and receipts so that both kinds are in flight together.
            var interleaved = Enumerable.Range(0, Parallel).SelectMany(k => new[] { requests[k], requests[Parallel + k] });
            var responses = await Task.WhenAll(interleaved.Select(send => Task.Run(send, s.Ct)));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode} {r.RequestMessage?.RequestUri}"));
            var receipts = new List<ReceiptAnswer>();
            foreach (var response in responses.Where(r => r.RequestMessage!.RequestUri!.AbsolutePath == "/api/receipts"))
            {
                receipts.Add((await response.Content.ReadFromJsonAsync<ReceiptAnswer>(OrdersScenario.Json, s.Ct))!);
            }

            Assert.Equal(Parallel, receipts.Count);
            Assert.All(receipts.GroupBy(r => r.ScanId), g => Assert.Equal(1, g.Count(r => r.Applied)));
        }

        await using var db = s.Factory.CreateDbContext();
        var sku = await db.Skus.AsNoTracking().SingleAsync(x => x.Code == "HOT", s.Ct);
        var ledger = await db.Ledger.Where(m => m.SkuId == sku.Id).SumAsync(m => m.Qty, s.Ct);
        var liveAllocations = await db.Allocations.Where(a => a.SkuId == sku.Id).SumAsync(a => a.LiveQty, s.Ct);
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.SkuId == sku.Id)
            .Select(l => new { l.OrderedQty, l.AllocatedQty, l.ShippedQty, l.CancelledQty })
            .ToListAsync(s.Ct);

        Assert.Equal(Rounds * 48, scanIds.Count);
        Assert.Equal(appliedQty, sku.OnHand);
        Assert.Equal(appliedQty, ledger);
        Assert.Equal(scanIds.Count, await db.ReceiptScans.CountAsync(s.Ct));
        Assert.Equal(scanIds.Count, await db.Ledger.CountAsync(m => m.ScanId != null, s.Ct));
        Assert.Equal(scanIds.Count, await db.Ledger.Where(m => m.ScanId != null).Select(m => m.ScanId).Distinct().CountAsync(s.Ct));
        Assert.Equal(Rounds * Parallel, lines.Count);
        Assert.Equal(orderedQty, lines.Sum(l => l.OrderedQty));
        Assert.All(lines, l => Assert.True(l.AllocatedQty + l.ShippedQty + l.CancelledQty <= l.OrderedQty));
        Assert.Equal(lines.Sum(l => l.AllocatedQty), sku.Allocated);
        Assert.Equal(liveAllocations, sku.Allocated);
        Assert.True(sku.Allocated <= sku.OnHand, $"oversold: {sku.Allocated} allocated of {sku.OnHand}");
        Assert.Equal(sku.OnHand, liveAllocations + sku.Available);
        Assert.Equal(lines.Sum(l => l.OrderedQty - l.AllocatedQty), sku.Backordered);

        // No idle stock while someone waits (rule 6): either everything ordered is allocated or nothing is left.
        Assert.Equal(Math.Min(appliedQty, orderedQty), sku.Allocated);
    }
}

/// <summary>Every test of <see cref="OrderConcurrencyTests"/> on PostgreSQL.</summary>
public sealed class OrderConcurrencyTestsOnPostgres : OrderConcurrencyTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
