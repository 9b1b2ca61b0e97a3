using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BackorderDesk.Data.Configurations;

internal sealed class DeskUserConfiguration : IEntityTypeConfiguration<DeskUser>
{
    public void Configure(EntityTypeBuilder<DeskUser> builder) => builder.Property(u => u.DisplayName).HasMaxLength(200);
}

internal sealed class ApiKeyRecordConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(64);
        builder.Property(k => k.Role).HasMaxLength(20);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.Prefix).HasMaxLength(12);
        builder.HasIndex(k => k.Name).IsUnique();
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditTrail");
        builder.Property(a => a.UserName).HasMaxLength(200);
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Subject).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.SubjectKey).HasMaxLength(200);
        builder.Property(a => a.Before).HasMaxLength(1000);
        builder.Property(a => a.After).HasMaxLength(1000);
        builder.Property(a => a.Summary).HasMaxLength(1000);

        // The audit page lists newest first, filtered by person or by thing; timelines read one thing's entries.
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Subject, a.SubjectKey, a.At });
        builder.HasIndex(a => new { a.UserName, a.At });
    }
}
