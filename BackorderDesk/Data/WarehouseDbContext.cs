using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data;

public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : DbContext(options)
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

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarehouseDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC DateTime (not DateTimeOffset) so that SQLite can compare and
        // order them in SQL; they come back marked as UTC. PostgreSQL maps them to timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(200);
    }
}
