using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Verify;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

/// <summary>
/// Two app instances over one PostgreSQL database: two writers, each with its own cache of books,
/// writing orders (several SKUs, listed in opposite orders) and scans (each sent to both instances,
/// as a scanner retrying through a load balancer) for the same SKUs at the same time.
/// </summary>
public sealed class TwoWritersOnPostgresTests : IAsyncLifetime
{
    private static readonly string[] Skus = ["HOT-A", "HOT-B", "HOT-C"];

    private WriterHarness _a = null!;
    private WriterHarness _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _a = await WriterHarness.CreateAsync(DatabaseProvider.Postgres);
        _b = WriterHarness.Over(_a.Database);
        await _a.SeedSkusAsync(Skus);
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Orders_and_duplicated_scans_on_both_instances_never_oversell_and_apply_each_scan_once()
    {
        var instances = new[] { _a, _b };
        var work = new List<Func<Task>>();
        var ordered = 0;
        for (var i = 0; i < 24; i++)
        {
            var instance = instances[i % 2];
            // Half the orders list the SKUs one way, half the other: without a fixed lock order they would deadlock.
            var lines = (i % 2 == 0 ? Skus : Skus.Reverse()).Select(code => new OrderLineInput(code, (i % 3) + 1)).ToList();
            ordered += lines.Sum(l => l.Qty!.Value);
            var number = $"SO-{i:D2}";
            work.Add(() => Place(instance).HandleAsync(
                new PlaceOrderRequest(number, new CustomerInput($"C-{i:D2}", $"Customer {i}", null, "Dtc"), "ACME", "test", null, "ShipPartial", null, lines),
                Ct));
        }

        var received = new Dictionary<string, int>();
        for (var j = 0; j < 18; j++)
        {
            var scanId = $"R-{j:D2}";
            var sku = Skus[j % Skus.Length];
            var qty = (j % 4) + 1;
            received[sku] = received.GetValueOrDefault(sku) + qty;
            foreach (var instance in instances)
            {
                // The same scan on both instances: exactly one of them applies it.
                work.Add(() => new ReceiveScan(instance.Writer).HandleAsync(new ReceiptRequest(scanId, null, sku, qty, null), Ct));
            }
        }

        await Task.WhenAll(work.Select(w => Task.Run(w, Ct)));

        await using var db = _a.Database.CreateDbContext();
        var skus = await db.Skus.AsNoTracking().Where(s => Skus.Contains(s.Code)).ToListAsync(Ct);
        foreach (var sku in skus)
        {
            Assert.True(sku.Allocated <= sku.OnHand, $"{sku.Code}: allocated {sku.Allocated} of {sku.OnHand} on hand.");
            Assert.Equal(received[sku.Code], sku.OnHand);
        }

        Assert.Equal(18, await db.ReceiptScans.CountAsync(Ct));
        Assert.Equal(18, await db.Ledger.CountAsync(m => m.ScanId != null, Ct));
        Assert.Equal(ordered, await db.OrderLines.SumAsync(l => l.OrderedQty, Ct));
        await AssertCleanAsync();
    }

    [Fact]
    public async Task Each_instance_works_from_what_the_other_wrote()
    {
        // Both instances hold HOT-A's book: each has placed an order for it.
        await _a.PlaceOrderAsync("SO-1", "HOT-A", 2);
        await _b.PlaceOrderAsync("SO-2", "HOT-A", 2);
        var receiveOnA = new ReceiveScan(_a.Writer);
        var receiveOnB = new ReceiveScan(_b.Writer);
        await receiveOnA.HandleAsync(new ReceiptRequest("R-0", null, "HOT-A", 1, null), Ct);

        // A received 1 for SO-1; B's cached book, read before that, must not serve SO-1 again.
        var onB = await receiveOnB.HandleAsync(new ReceiptRequest("R-1", null, "HOT-A", 2, null), Ct);
        Assert.Equal([new ReceiptAllocation("SO-1", 1, 1, true), new ReceiptAllocation("SO-2", 1, 1, true)], onB.Allocations);
        Assert.Equal(3, onB.OnHand);

        // And A sees B's receipt: one more unit goes to SO-2, not SO-1.
        var onA = await receiveOnA.HandleAsync(new ReceiptRequest("R-2", null, "HOT-A", 1, null), Ct);
        Assert.Equal([new ReceiptAllocation("SO-2", 1, 1, true)], onA.Allocations);
        Assert.Equal(4, onA.OnHand);
        await AssertCleanAsync();
    }

    [Fact]
    public async Task A_customer_changed_on_one_instance_gets_the_other_instances_messages_at_the_new_address()
    {
        // B holds HOT-A's book, with SO-1's customer in it.
        await Place(_a).HandleAsync(Order("SO-1", "HOT-A", "old@example.com"), Ct);
        await _b.PlaceOrderAsync("SO-2", "HOT-A", 1);

        // The customer orders again on A, from a new address: A changes the customer.
        await Place(_a).HandleAsync(Order("SO-3", "HOT-B", "new@example.com"), Ct);
        Assert.Contains(_a.Published, e => e is CustomersChanged);
        _b.Feed.PublishFromOtherInstance([.. _a.Published]); // what the relay between instances does

        // B fills SO-1 from a receipt: SO-1's "ready to ship" goes to the new address.
        await new ReceiveScan(_b.Writer).HandleAsync(new ReceiptRequest("R-1", null, "HOT-A", 2, null), Ct);
        await using var db = _a.Database.CreateDbContext();
        var ready = await db.Outbox.AsNoTracking().SingleAsync(m => m.Order!.Number == "SO-1" && m.Kind == NotificationKind.ReadyToShip, Ct);
        Assert.Equal("new@example.com", ready.To);
        await AssertCleanAsync();
    }

    private static PlaceOrderRequest Order(string number, string sku, string email) =>
        new(number, new CustomerInput("C-KIM", "Kim Lee", email, "Dtc"), "ACME", "test", null, "ShipPartial", null, [new OrderLineInput(sku, 2)]);

    private static PlaceOrder Place(WriterHarness instance) =>
        new(instance.Writer, new GetOrder(instance.Database, instance.Time), instance.Time, instance.Options);

    private async Task AssertCleanAsync()
    {
        var report = await new WarehouseVerifier(_a.Database, _a.Time).VerifyAsync(Ct);
        Assert.True(report.IsClean, string.Join("; ", report.Drifts));
    }
}
