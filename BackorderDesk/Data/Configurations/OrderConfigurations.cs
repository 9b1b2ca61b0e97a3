using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class SalesOrderConfiguration : IEntityTypeConfiguration<SalesOrder>
{
    public void Configure(EntityTypeBuilder<SalesOrder> builder)
    {
        builder.Property(o => o.Number).HasMaxLength(64);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.HasIndex(o => o.PlacedAt);

        // Search: a prefix of the folded number (1–2 characters); longer text goes through the order search index.
        builder.Property(o => o.NumberKey).HasMaxLength(256);
        builder.HasIndex(o => o.NumberKey);
        builder.HasIndex(o => new { o.ClientId, o.PlacedAt });
        builder.HasIndex(o => o.CustomerId);

        // Orders shipped in a KPI period (perfect order rate) are a range on ShippedAt; PromisedDate is read with it.
        builder.HasIndex(o => new { o.ShippedAt, o.PromisedDate });
        builder.Property(o => o.Channel).HasMaxLength(64);
        builder.Property(o => o.ShipPolicy).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Priority).HasConversion<int>();
        builder.HasOne(o => o.Client).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Customer).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId);
        builder.HasMany(o => o.Timeline).WithOne(t => t.Order).HasForeignKey(t => t.OrderId);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(o => o.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(o => o.IsOpen);
        builder.Ignore(o => o.IsComplete);
    }
}

internal sealed class SalesOrderLineConfiguration : IEntityTypeConfiguration<SalesOrderLine>
{
    public void Configure(EntityTypeBuilder<SalesOrderLine> builder)
    {
        builder.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();

        // The open lines of a SKU are the queue; this index finds them without scanning history.
        builder.HasIndex(l => new { l.SkuId, l.OrderedQty, l.ShippedQty, l.CancelledQty });

        // Lines that went on backorder, with the quantities that say whether units still wait (average backorder age):
        // covering, so "now" reads the backordered lines only, never the whole table.
        builder.HasIndex(l => new { l.BackorderedAt, l.OrderedQty, l.ShippedQty, l.CancelledQty, l.AllocatedQty });

        // KPI periods: lines shipped in the period (ETA accuracy) and lines filled in the period (time to fill) are
        // ranges on ShippedAt / FilledAt; the other columns those queries read make the indexes covering.
        builder.HasIndex(l => new { l.ShippedAt, l.BackorderedAt, l.FirstEtaTo });
        builder.HasIndex(l => new { l.FilledAt, l.BackorderedAt });

        // An order's lines with a cancelled unit (perfect order rate) and the placement figures of the lines of orders
        // placed in a period (line fill rate, backorder cancellation rate), read from the index alone.
        builder.HasIndex(l => new { l.OrderId, l.CancelledQty, l.AllocatedAtPlacementQty, l.OrderedQty, l.BackorderedAt });
        builder.Property(l => l.HoldReason).HasMaxLength(200);
        builder.HasOne(l => l.Sku).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.EtaHistory).WithOne(e => e.Line).HasForeignKey(e => e.OrderLineId);
        builder.Navigation(l => l.Allocations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(l => l.EtaHistory).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(l => l.OpenQty);
        builder.Ignore(l => l.WaitingQty);
        builder.Ignore(l => l.IsRollingBackorder);
        builder.Ignore(l => l.QueueKey);
    }
}

internal sealed class EtaChangeConfiguration : IEntityTypeConfiguration<EtaChange>
{
    public void Configure(EntityTypeBuilder<EtaChange> builder)
    {
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Ignore(e => e.MovedLater);
        builder.Ignore(e => e.IsSlip);
        builder.Ignore(e => e.IsEarlier);
        builder.Ignore(e => e.QuotedFrom);
        builder.Ignore(e => e.QuotedTo);
        builder.Ignore(e => e.MovedEarlier);
    }
}

internal sealed class TimelineEventConfiguration : IEntityTypeConfiguration<TimelineEvent>
{
    public void Configure(EntityTypeBuilder<TimelineEvent> builder)
    {
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Text).HasMaxLength(1000);
        builder.HasIndex(t => new { t.OrderId, t.At });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Body).HasMaxLength(20_000);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasOne(m => m.Order).WithMany().HasForeignKey(m => m.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
