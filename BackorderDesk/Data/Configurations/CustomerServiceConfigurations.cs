using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class RestockSubscriptionConfiguration : IEntityTypeConfiguration<RestockSubscription>
{
    public void Configure(EntityTypeBuilder<RestockSubscription> builder)
    {
        builder.Property(r => r.Email).HasMaxLength(254);
        builder.HasOne(r => r.Sku).WithMany().HasForeignKey(r => r.SkuId).OnDelete(DeleteBehavior.Restrict);

        // A receipt looks up the SKU's subscribers still waiting to be told.
        builder.HasIndex(r => new { r.SkuId, r.NotifiedAt });
    }
}

internal sealed class ExpediteRequestConfiguration : IEntityTypeConfiguration<ExpediteRequest>
{
    public void Configure(EntityTypeBuilder<ExpediteRequest> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(10);
        builder.HasOne(r => r.Order).WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.State, r.RequestedAt });
    }
}
