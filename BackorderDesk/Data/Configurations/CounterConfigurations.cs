using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class ClientOrderCountersConfiguration : IEntityTypeConfiguration<ClientOrderCounters>
{
    public void Configure(EntityTypeBuilder<ClientOrderCounters> builder)
    {
        builder.ToTable("WarehouseCounters");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).ValueGeneratedNever();
        builder.HasOne<Domain.Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboundCountersConfiguration : IEntityTypeConfiguration<InboundCounters>
{
    public void Configure(EntityTypeBuilder<InboundCounters> builder)
    {
        // A surrogate key: the demo seeder's bulk writer hands out single-column keys.
        builder.HasIndex(c => new { c.ClientId, c.ExpectedDate }).IsUnique();
        builder.HasOne<Domain.Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BackgroundLeaseConfiguration : IEntityTypeConfiguration<BackgroundLease>
{
    public void Configure(EntityTypeBuilder<BackgroundLease> builder)
    {
        builder.ToTable("Leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(64);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    // A key's XML is a kilobyte or more: no length limit (the model's 200 would cut it on PostgreSQL).
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.Property(k => k.Xml).Metadata.SetMaxLength(null);
}
