using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.HasIndex(c => c.Code).IsUnique();
    }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.Ignore(s => s.EtaRange);
        builder.Property(s => s.LatenessPercentiles).HasMaxLength(1024);
    }
}

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => new { s.ClientId, s.Code });
        builder.HasIndex(s => s.SupplierId);
        builder.HasIndex(s => s.Backordered);
        builder.Property(s => s.Policy).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.AbcClass).HasConversion<string>().HasMaxLength(1);
        builder.HasOne(s => s.Client).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Supplier).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Barcodes).WithOne(b => b.Sku).HasForeignKey(b => b.SkuId);
        builder.Navigation(s => s.Barcodes).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(s => s.Available);
        builder.Ignore(s => s.ReorderPoint);
        builder.Ignore(s => s.SafetyStock);
        builder.Ignore(s => s.ReorderPointIsManual);
        builder.Ignore(s => s.InventoryPosition);
        builder.Ignore(s => s.BelowReorderPoint);
        builder.Ignore(s => s.IsReorderAlert);
        builder.Ignore(s => s.EffectiveLeadTimeDays);
    }
}

internal sealed class SkuBarcodeConfiguration : IEntityTypeConfiguration<SkuBarcode>
{
    public void Configure(EntityTypeBuilder<SkuBarcode> builder)
    {
        builder.Property(b => b.Code).HasMaxLength(64);
        builder.HasIndex(b => b.Code).IsUnique();
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => c.Email);
        builder.HasIndex(c => c.Name);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Tier).HasMaxLength(30);

        // The desk's search as you type: prefix ranges on lower-cased keys (CustomerService/DeskSearch).
        builder.HasIndex(c => c.EmailKey);
        builder.HasIndex(c => c.NameKey);
        builder.HasIndex(c => c.SurnameKey);

        // Starts with the folded code: a prefix of it is a range on this index.
        builder.Property(c => c.SearchKey).HasMaxLength(600);
        builder.HasIndex(c => c.SearchKey);
    }
}
