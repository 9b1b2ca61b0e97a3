using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.ToTable("StockLedger");
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ScanId).HasMaxLength(64);
        builder.HasIndex(m => new { m.SkuId, m.At });
        builder.HasOne(m => m.Sku).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> builder)
    {
        builder.Property(a => a.Cause).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.CauseReference).HasMaxLength(64);
        builder.Property(a => a.Rule).HasMaxLength(500);
        builder.Property(a => a.AheadOf).HasMaxLength(500);
        builder.HasIndex(a => new { a.SkuId, a.LiveQty });
        builder.HasIndex(a => a.At);
        builder.HasOne(a => a.Line).WithMany(l => l.Allocations).HasForeignKey(a => a.OrderLineId);
    }
}

internal sealed class ReceiptScanConfiguration : IEntityTypeConfiguration<ReceiptScan>
{
    public void Configure(EntityTypeBuilder<ReceiptScan> builder)
    {
        builder.Property(r => r.ScanId).HasMaxLength(64);
        builder.HasIndex(r => r.ScanId).IsUnique();
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.Property(r => r.Response).HasMaxLength(100_000);
        builder.Property(r => r.Station).HasMaxLength(64);
        builder.HasIndex(r => new { r.Station, r.At });
    }
}

internal sealed class PurchaseOrderConfiguration : IEntityTypeConfiguration<PurchaseOrder>
{
    public void Configure(EntityTypeBuilder<PurchaseOrder> builder)
    {
        builder.Property(p => p.Number).HasMaxLength(64);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.HasOne(p => p.Supplier).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Lines).WithOne(l => l.PurchaseOrder).HasForeignKey(l => l.PurchaseOrderId);
        builder.Navigation(p => p.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PurchaseOrderLineConfiguration : IEntityTypeConfiguration<PurchaseOrderLine>
{
    public void Configure(EntityTypeBuilder<PurchaseOrderLine> builder)
    {
        builder.HasIndex(l => new { l.SkuId, l.ExpectedDate });
        builder.HasOne(l => l.Sku).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.DateChanges).WithOne(c => c.Line).HasForeignKey(c => c.PurchaseOrderLineId);
        builder.Navigation(l => l.DateChanges).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(l => l.OpenQty);
    }
}

internal sealed class ExpectedDateChangeConfiguration : IEntityTypeConfiguration<ExpectedDateChange>
{
    public void Configure(EntityTypeBuilder<ExpectedDateChange> builder) =>
        builder.Property(c => c.Reason).HasMaxLength(500);
}
