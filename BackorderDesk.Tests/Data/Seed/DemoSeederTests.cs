using BackorderDesk.Data.Seed;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data.Seed;

/// <summary>The default profile, seeded once for the class: its size, its mix, and that verify passes on it.</summary>
public sealed class DemoSeederDefaultProfileTests(DefaultWarehouse warehouse) : IClassFixture<DefaultWarehouse>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_profile_passes_verify()
    {
        var report = await SeededWarehouse.Verifier(warehouse.Database).VerifyAsync(Ct);

        Assert.True(report.IsClean, string.Join("\n", report.Drifts.Take(20)));
    }

    [Fact]
    public async Task Default_profile_has_the_stated_sizes()
    {
        await using var db = warehouse.Database.CreateDbContext();

        Assert.Equal(3, await db.Clients.CountAsync(Ct));
        Assert.InRange(await db.Suppliers.CountAsync(Ct), 10, 12);
        Assert.InRange(await db.Skus.CountAsync(Ct), 1_800, 2_200);
        Assert.InRange(await db.Orders.CountAsync(Ct), 18_000, 22_000);
    }

    [Fact]
    public async Task Default_profile_has_a_realistic_mix()
    {
        await using var db = warehouse.Database.CreateDbContext();
        var today = SeededWarehouse.Today;

        var policies = await db.Skus.Select(s => s.Policy).Distinct().ToListAsync(Ct);
        Assert.Equal(Enum.GetValues<SellingPolicy>().Order(), policies.Order());
        Assert.True(await db.Skus.AnyAsync(s => s.Policy == SellingPolicy.Preorder && s.ReleaseDate < today, Ct), "no released preorder");
        Assert.True(await db.Skus.AnyAsync(s => s.Policy == SellingPolicy.Preorder && s.ReleaseDate > today, Ct), "no preorder still to be released");

        var orders = await db.Orders.CountAsync(Ct);
        var backordered = await db.Orders.CountAsync(o => o.BackorderedAtPlacement, Ct);
        Assert.InRange(100.0 * backordered / orders, 3, 16);
        Assert.True(await db.Orders.AnyAsync(o => o.ShipPolicy == ShipPolicy.ShipComplete, Ct));
        Assert.True(await db.Orders.AnyAsync(o => o.Priority == OrderPriority.KeyAccount, Ct));
        Assert.True(await db.Orders.AnyAsync(o => o.Priority == OrderPriority.Expedite, Ct));

        var waiting = db.OrderLines.Where(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0);
        Assert.True(await waiting.CountAsync(Ct) > 100, "too few waiting lines");
        Assert.True(await waiting.AnyAsync(l => l.EtaSlips >= 2, Ct), "no rolling backorder");
        Assert.True(await waiting.GroupBy(l => l.SkuId).AnyAsync(g => g.Count() >= 20, Ct), "no deep queue");
        Assert.True(await db.OrderLines.AnyAsync(l => l.CancelledQty > 0 && l.BackorderedAt != null, Ct), "no cancelled backorder");
        Assert.True(await db.OrderLines.AnyAsync(l => l.OnHold, Ct), "no hold");
        Assert.True(await db.Allocations.AnyAsync(a => a.CrossDock, Ct), "no cross-dock");

        var openPoLines = db.PurchaseOrderLines.Where(p => p.Qty - p.ReceivedQty - p.CancelledQty > 0);
        Assert.True(await openPoLines.AnyAsync(p => p.ExpectedDate < today, Ct), "no late open PO");
        Assert.True(await openPoLines.AnyAsync(p => p.ExpectedDate > today, Ct), "no PO due later");
        Assert.True(await db.ExpectedDateChanges.AnyAsync(Ct), "no changed expected date");
        Assert.True(await db.Ledger.AnyAsync(m => m.Kind == MovementKind.Adjustment, Ct), "no adjustment");
        Assert.True(await db.Ledger.AnyAsync(m => m.Kind == MovementKind.Count, Ct), "no count");
        Assert.True(await db.Shipments().AnyAsync(Ct), "no shipment");

        var lateness = await db.Suppliers.Select(s => s.LatenessP90Days).Distinct().CountAsync(Ct);
        Assert.True(lateness >= 3, "suppliers should differ in lateness");
    }

    [Fact]
    public async Task Every_barcode_is_an_EAN_13_with_a_valid_check_digit()
    {
        await using var db = warehouse.Database.CreateDbContext();

        var codes = await db.Barcodes.Select(b => b.Code).ToListAsync(Ct);

        Assert.NotEmpty(codes);
        Assert.All(codes, code =>
        {
            Assert.Matches("^[0-9]{13}$", code);
            Assert.Equal(Ean13.CheckDigit(code[..12]), code[12]);
        });
    }

    [Fact]
    public async Task Every_waiting_line_of_a_sourced_SKU_has_an_ETA_and_every_line_of_an_unsourced_one_none()
    {
        await using var db = warehouse.Database.CreateDbContext();
        var waiting = db.OrderLines.Where(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0);

        Assert.False(await waiting.AnyAsync(l => l.Sku.SupplierId != null && l.EtaTo == null, Ct));
        Assert.False(await waiting.AnyAsync(l => l.Sku.SupplierId == null && l.Sku.LeadTimeDays == null && l.EtaTo != null, Ct));
    }
}

/// <summary>Determinism and idempotence, on the small profile.</summary>
public sealed class DemoSeederTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeding_twice_on_the_same_day_gives_the_same_warehouse()
    {
        await using var first = await SqliteTestDatabase.CreateAsync();
        await using var second = await SqliteTestDatabase.CreateAsync();

        await SeededWarehouse.Seeder(first).SeedIfEmptyAsync(DemoProfile.Small, Ct);
        await SeededWarehouse.Seeder(second).SeedIfEmptyAsync(DemoProfile.Small, Ct);

        var figures = await KeyFiguresAsync(first);
        Assert.Equal(figures, await KeyFiguresAsync(second));
        Assert.Contains("orders ", figures);
    }

    [Fact]
    public async Task Seeds_only_an_empty_database()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeder = SeededWarehouse.Seeder(database);

        Assert.True(await seeder.SeedIfEmptyAsync(DemoProfile.Small, Ct));
        var figures = await KeyFiguresAsync(database);
        Assert.False(await seeder.SeedIfEmptyAsync(DemoProfile.Small, Ct));

        Assert.Equal(figures, await KeyFiguresAsync(database));
    }

    [Fact]
    public async Task A_database_that_only_holds_the_default_client_is_still_seeded_and_keeps_it()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Clients.Add(new Client(BackorderDesk.Features.Catalog.DefaultClient.Code, "Default client"));
            await db.SaveChangesAsync(Ct);
        }

        Assert.True(await SeededWarehouse.Seeder(database).SeedIfEmptyAsync(DemoProfile.Small, Ct));

        await using var check = database.CreateDbContext();
        Assert.Equal(4, await check.Clients.CountAsync(Ct));
        Assert.True(await check.Clients.AnyAsync(c => c.Code == BackorderDesk.Features.Catalog.DefaultClient.Code, Ct));
        Assert.True(await check.Skus.AnyAsync(Ct));
    }

    [Fact]
    public async Task A_database_with_a_supplier_of_its_own_is_not_seeded()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Suppliers.Add(new Supplier("OWN", "Our own supplier", 10));
            await db.SaveChangesAsync(Ct);
        }

        Assert.False(await SeededWarehouse.Seeder(database).SeedIfEmptyAsync(DemoProfile.Small, Ct));
    }

    [Fact]
    public void Profiles_are_chosen_by_name()
    {
        Assert.Same(DemoProfile.Default, DemoProfile.Parse("Default"));
        Assert.Same(DemoProfile.Large, DemoProfile.Parse("large"));
        Assert.Throws<ArgumentException>(() => DemoProfile.Parse("Huge"));
    }

    [Theory]
    [InlineData("400638133393", '1')]
    [InlineData("590123412345", '7')]
    [InlineData("871000000001", '7')]
    public void Ean13_check_digit_follows_the_GS1_rule(string body, char expected) =>
        Assert.Equal(expected, Ean13.CheckDigit(body));

    /// <summary>Counts and sums that change if anything in the generated history changes.</summary>
    private static async Task<string> KeyFiguresAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var skus = await db.Skus.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), OnHand = g.Sum(s => s.OnHand), Allocated = g.Sum(s => s.Allocated), Backordered = g.Sum(s => s.Backordered), OnOrder = g.Sum(s => s.OnOrder) })
            .SingleAsync(Ct);
        var lines = await db.OrderLines.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Ordered = g.Sum(l => l.OrderedQty), Shipped = g.Sum(l => l.ShippedQty), Cancelled = g.Sum(l => l.CancelledQty), Slips = g.Sum(l => l.EtaSlips) })
            .SingleAsync(Ct);
        var etaDays = (await db.OrderLines.Where(l => l.EtaTo != null).Select(l => l.EtaTo!.Value).ToListAsync(Ct)).Sum(d => (long)d.DayNumber);
        var lastOrder = await db.Orders.OrderByDescending(o => o.Id).Select(o => new { o.Number, o.PlacedAt, o.CustomerId }).FirstAsync(Ct);
        return $"orders {await db.Orders.CountAsync(Ct)} last {lastOrder}; skus {skus}; lines {lines}; eta days {etaDays}; " +
            $"ledger {await db.Ledger.CountAsync(Ct)}/{await db.Ledger.SumAsync(m => m.Qty, Ct)}; allocations {await db.Allocations.CountAsync(Ct)}; " +
            $"timeline {await db.Timeline.CountAsync(Ct)}; eta changes {await db.EtaChanges.CountAsync(Ct)}; po lines {await db.PurchaseOrderLines.CountAsync(Ct)}; " +
            $"outbox {await db.Outbox.CountAsync(Ct)}";
    }
}

internal static class LedgerQueries
{
    public static IQueryable<StockMovement> Shipments(this BackorderDesk.Data.WarehouseDbContext db) =>
        db.Ledger.Where(m => m.Kind == MovementKind.Shipment && m.OrderLineId != null);
}
