using System.Diagnostics;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Data.Seed;

/// <summary>
/// Seeds the demo warehouse into an empty database: the catalog, then the history window played
/// through the domain operations in memory, then one bulk write. Deterministic: every random choice
/// comes from the profile's seed and the only input from outside is today's date.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<WarehouseDbContext> dbFactory,
    TimeProvider time,
    IOptions<BackorderDeskOptions> options,
    ILogger<DemoSeeder> logger)
{
    public Task SeedIfEmptyAsync(string profile, CancellationToken cancellationToken) =>
        SeedIfEmptyAsync(DemoProfile.Parse(profile), cancellationToken);

    /// <returns>Whether anything was seeded (false when the database already has SKUs).</returns>
    public async Task<bool> SeedIfEmptyAsync(DemoProfile profile, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only an empty warehouse is seeded: no SKUs, no suppliers, and no client but the default one
        // that a start without demo data creates.
        if (await db.Skus.AnyAsync(cancellationToken)
            || await db.Suppliers.AnyAsync(cancellationToken)
            || await db.Clients.AnyAsync(c => c.Code != DefaultClient.Code, cancellationToken))
        {
            return false;
        }

        var clock = Stopwatch.StartNew();
        logger.LogDebug("Process CPU before seeding: {Cpu:0.0} s.", Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstDay = today.AddDays(-profile.Days);
        logger.LogInformation(
            "Seeding demo data ({Profile}: {Skus:N0} SKUs, ~{Orders:N0} orders over {Days} days to {Today:yyyy-MM-dd})…",
            profile.Name, profile.Skus, profile.Orders, profile.Days, today);

        var random = new Random(profile.Seed);
        var keys = new EntityKeys(db.Model);
        keys.StartAfter<Client>(await db.Clients.Select(c => (long?)c.Id).MaxAsync(cancellationToken) ?? 0);
        var catalog = DemoCatalog.Build(profile, firstDay, today, keys, random);
        var demand = DemoDemand.Generate(catalog, profile, firstDay, random);
        var history = new DemoHistory(catalog, keys, random, today, options.Value.HandlingWorkingDays, logger);
        history.Play(firstDay, demand, cancellationToken);
        logger.LogDebug("Generated in memory after {Seconds:0.0} s ({Cpu:0.0} s of CPU).", clock.Elapsed.TotalSeconds, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

        await new BulkWriter(db, logger).WriteAsync(Rows(catalog, history), cancellationToken);

        // Reorder points from the history just written, by the same computation as the nightly run.
        var planning = await RecomputePlanning.RunWithoutWriterAsync(dbFactory, time, cancellationToken);
        logger.LogInformation("Computed reorder points of {Skus:N0} SKUs in {Seconds:0.0} s.", planning.Skus, planning.Elapsed.TotalSeconds);
        logger.LogInformation(
            "Seeded demo data: {Skus:N0} SKUs, {Orders:N0} orders, {Lines:N0} order lines, {Pos:N0} purchase orders in {Seconds:0.0} s.",
            catalog.Skus.Count, history.Orders.Count, history.Orders.Sum(o => o.Lines.Count), history.PurchaseOrders.Count, clock.Elapsed.TotalSeconds);
        logger.LogDebug("Process CPU so far: {Cpu:0.0} s.", Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        return true;
    }

    private static Dictionary<Type, IReadOnlyCollection<object>> Rows(DemoCatalog catalog, DemoHistory history)
    {
        var lines = history.Orders.SelectMany(o => o.Lines).ToList();
        var poLines = history.PurchaseOrders.SelectMany(p => p.Lines).ToList();
        var customers = catalog.ClientProfiles.SelectMany(c => c.Consumers.Concat(c.Businesses));
        return new Dictionary<Type, IReadOnlyCollection<object>>
        {
            [typeof(Client)] = [.. catalog.ClientProfiles.Select(c => c.Client)],
            [typeof(Supplier)] = [.. catalog.Suppliers.Select(s => s.Supplier)],
            [typeof(Sku)] = [.. catalog.Skus.Select(s => s.Sku)],
            [typeof(SkuBarcode)] = [.. catalog.Skus.SelectMany(s => s.Sku.Barcodes)],
            [typeof(Customer)] = [.. customers],
            [typeof(SalesOrder)] = [.. history.Orders],
            [typeof(SalesOrderLine)] = [.. lines],
            [typeof(Allocation)] = [.. lines.SelectMany(l => l.Allocations)],
            [typeof(EtaChange)] = [.. lines.SelectMany(l => l.EtaHistory)],
            [typeof(TimelineEvent)] = [.. history.Orders.SelectMany(o => o.Timeline)],
            [typeof(PurchaseOrder)] = [.. history.PurchaseOrders],
            [typeof(PurchaseOrderLine)] = [.. poLines],
            [typeof(ExpectedDateChange)] = [.. poLines.SelectMany(l => l.DateChanges)],
            [typeof(StockMovement)] = [.. history.Ledger],
            [typeof(ReceiptScan)] = [.. history.Scans],
            [typeof(OutboxMessage)] = [.. history.Outbox],
            [typeof(ClientOrderCounters)] = [.. OrderCounters.FromHistory(history.Orders, catalog.Skus.Select(s => s.Sku))],
            [typeof(InboundCounters)] = [.. OrderCounters.InboundFromHistory(poLines)],
        };
    }
}
