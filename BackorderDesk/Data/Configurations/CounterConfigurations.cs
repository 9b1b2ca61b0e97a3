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
