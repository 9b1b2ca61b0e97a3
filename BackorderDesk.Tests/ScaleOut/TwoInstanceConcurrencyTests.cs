using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.ScaleOut;

/// <summary>
/// The race of <see cref="OrderConcurrencyTests"/> with the requests spread over two instances: each
/// has its own write queue and its own cached books, so what keeps them right is the database alone
/// (the SKU row's version check, the unique scan id).
/// </summary>
public sealed class TwoInstanceConcurrencyTests
{
    private const int Rounds = 3;
    private const int Parallel = 64;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Parallel_orders_and_duplicated_scans_over_two_instances_never_oversell_and_apply_each_scan_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var instances = await TwoInstances.StartAsync(ct);
        try
        {
            using var apiA = TwoInstances.Api(instances.A);
            using var apiB = TwoInstances.Api(instances.B);
            HttpClient[] apis = [apiA, apiB];
            await TwoInstances.AddSkuAsync(apiA, "HOT", ct);
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
                    var api = apis[i % 2];
                    requests.Add(() => api.PostAsJsonAsync("/api/orders", OrderAllocationRulesTests.OrderBody(number, ("HOT", qty)), ct));
                }

                for (var j = 0; j < Parallel; j++)
                {
                    // The first half comes in pairs with the same scan id, one to each instance (a
                    // device retrying through the load balancer): 16 + 32 scans.
                    var scan = j < Parallel / 2 ? j / 2 : j;
                    var scanId = $"R{round}-{scan}";
                    var qty = (scan % 4) + 1;
                    if (scanIds.Add(scanId))
                    {
                        appliedQty += qty;
                    }

                    var api = apis[j % 2];
                    requests.Add(() => api.PostAsJsonAsync("/api/receipts", new { scanId, sku = "HOT", qty }, ct));
                }

                var interleaved = Enumerable.Range(0, Parallel).SelectMany(k => new[] { requests[k], requests[Parallel + k] });
                var responses = await Task.WhenAll(interleaved.Select(send => Task.Run(send, ct)));

                var failures = new List<string>();
                foreach (var r in responses.Where(r => r.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK)))
                {
                    failures.Add($"{(int)r.StatusCode} {r.RequestMessage?.RequestUri}: {await r.Content.ReadAsStringAsync(ct)}");
                }

                Assert.True(failures.Count == 0, $"round {round}: {failures.Count} of {responses.Length} requests failed:\n{string.Join("\n", failures)}");
                var receipts = new List<ReceiptAnswer>();
                foreach (var response in responses.Where(r => r.RequestMessage!.RequestUri!.AbsolutePath == "/api/receipts"))
                {
                    receipts.Add((await response.Content.ReadFromJsonAsync<ReceiptAnswer>(Json, ct))!);
                }

                Assert.Equal(Parallel, receipts.Count);
                Assert.All(receipts.GroupBy(r => r.ScanId), g => Assert.Equal(1, g.Count(r => r.Applied)));
            }

            await using var db = instances.Database.CreateDbContext();
            var sku = await db.Skus.AsNoTracking().SingleAsync(x => x.Code == "HOT", ct);
            var ledger = await db.Ledger.Where(m => m.SkuId == sku.Id).SumAsync(m => m.Qty, ct);
            var liveAllocations = await db.Allocations.Where(a => a.SkuId == sku.Id).SumAsync(a => a.LiveQty, ct);
            var lines = await db.OrderLines.AsNoTracking().Where(l => l.SkuId == sku.Id)
                .Select(l => new { l.OrderedQty, l.AllocatedQty, l.ShippedQty, l.CancelledQty })
                .ToListAsync(ct);

            Assert.Equal(Rounds * 48, scanIds.Count);
            Assert.Equal(appliedQty, sku.OnHand);
            Assert.Equal(appliedQty, ledger);
            Assert.Equal(scanIds.Count, await db.ReceiptScans.CountAsync(ct));
            Assert.Equal(scanIds.Count, await db.Ledger.CountAsync(m => m.ScanId != null, ct));
            Assert.Equal(scanIds.Count, await db.Ledger.Where(m => m.ScanId != null).Select(m => m.ScanId).Distinct().CountAsync(ct));
            Assert.Equal(Rounds * Parallel, lines.Count);
            Assert.Equal(orderedQty, lines.Sum(l => l.OrderedQty));
            Assert.All(lines, l => Assert.True(l.AllocatedQty + l.ShippedQty + l.CancelledQty <= l.OrderedQty));
            Assert.Equal(lines.Sum(l => l.AllocatedQty), sku.Allocated);
            Assert.Equal(liveAllocations, sku.Allocated);
            Assert.True(sku.Allocated <= sku.OnHand, $"oversold: {sku.Allocated} allocated of {sku.OnHand}");
            Assert.Equal(sku.OnHand, liveAllocations + sku.Available);
            Assert.Equal(lines.Sum(l => l.OrderedQty - l.AllocatedQty), sku.Backordered);
            Assert.Equal(Math.Min(appliedQty, orderedQty), sku.Allocated);

            await instances.AssertVerifyIsCleanAsync(ct);
        }
        catch
        {
            instances.WriteOutput();
            throw;
        }
    }
}
