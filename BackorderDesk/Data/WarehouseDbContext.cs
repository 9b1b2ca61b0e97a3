using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data;

/// <summary>
/// The warehouse, and the people who sign in to it (ASP.NET Core Identity's tables, in the same
/// database), with what the app instances sharing it need: the data protection keys that sign
/// their cookies and the leases of their background work.
/// </summary>
public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options)
    : IdentityDbContext<DeskUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<Sku> Skus => Set<Sku>();

    public DbSet<SkuBarcode> Barcodes => Set<SkuBarcode>();

    public DbSet<StockMovement> Ledger => Set<StockMovement>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<SalesOrder> Orders => Set<SalesOrder>();

    public DbSet<SalesOrderLine> OrderLines => Set<SalesOrderLine>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    public DbSet<EtaChange> EtaChanges => Set<EtaChange>();

    public DbSet<TimelineEvent> Timeline => Set<TimelineEvent>();

    public DbSet<PurchaseOrder> PurchaseOrders => Set<PurchaseOrder>();

    public DbSet<PurchaseOrderLine> PurchaseOrderLines => Set<PurchaseOrderLine>();

    public DbSet<ExpectedDateChange> ExpectedDateChanges => Set<ExpectedDateChange>();

    public DbSet<ReceiptScan> ReceiptScans => Set<ReceiptScan>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<RestockSubscription> RestockSubscriptions => Set<RestockSubscription>();

    public DbSet<ExpediteRequest> ExpediteRequests => Set<ExpediteRequest>();

    /// <summary>API keys created in the UI (hashes only); configured keys live in configuration.</summary>
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    /// <summary>Every manual change, with who made it and the value before and after.</summary>
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();

    /// <summary>The live order figures per client, kept current by <see cref="SaveChangesAsync(bool, CancellationToken)"/>.</summary>
    public DbSet<ClientOrderCounters> Counters => Set<ClientOrderCounters>();

    /// <summary>Open purchase-order lines per client and expected day, kept current like <see cref="Counters"/>.</summary>
    public DbSet<InboundCounters> InboundCounters => Set<InboundCounters>();

    /// <summary>Background work one instance does for all (<see cref="BackgroundLeases"/>).</summary>
    public DbSet<BackgroundLease> Leases => Set<BackgroundLease>();

    /// <summary>The keys that protect cookies and antiforgery tokens, shared by every app instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Saves, and when order lines, SKUs or purchase-order lines are added, changed or deleted, adds
    /// their change to <see cref="Counters"/> and <see cref="InboundCounters"/> in the same transaction (the caller's, e.g. the writer's, or one of its own).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var touched = OrderCounters.FindTouched(ChangeTracker);
        var moved = WritePath.SkuVersions.Find(ChangeTracker);
        if (touched.IsEmpty && moved.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            int saved;
            if (touched.IsEmpty)
            {
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            else
            {
                var before = await OrderCounters.MeasureAsync(this, touched.ExistingOrderIds, cancellationToken);
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                var after = touched.TouchesOrders ? await OrderCounters.MeasureAsync(this, touched.OrderIdsAfterSave(), cancellationToken) : [];
                var inbound = await OrderCounters.InboundDeltaAsync(this, touched, cancellationToken);
                await OrderCounters.ApplyAsync(this, before, after, OrderCounters.StockDelta(touched), inbound, ct => base.SaveChangesAsync(true, ct), cancellationToken);
            }

            // Cached SKU books of what changed are read again before their next use.
            await WritePath.SkuVersions.MoveAsync(this, moved, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>Order-line, SKU and purchase-order-line changes go through <see cref="SaveChangesAsync(bool, CancellationToken)"/>, which keeps the counters.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        OrderCounters.FindTouched(ChangeTracker).IsEmpty && WritePath.SkuVersions.Find(ChangeTracker).IsEmpty
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new InvalidOperationException("Order lines, SKUs and purchase-order lines are saved with SaveChangesAsync, which keeps the warehouse counters current.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarehouseDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            // Codes and numbers sort by code point on both providers (README, "Codes in URLs and text
            // order"): SQLite's BINARY does; on PostgreSQL every text column takes the "C" collation.
            // Enums stored as their names are text columns too.
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
                .Where(p => (p.GetProviderClrType() ?? p.GetValueConverter()?.ProviderClrType ?? p.ClrType) == typeof(string)))
            {
                property.SetCollation("C");
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC DateTime (not DateTimeOffset) so that SQLite can compare and
        // order them in SQL; they come back marked as UTC. PostgreSQL maps them to timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(200);
    }
}
