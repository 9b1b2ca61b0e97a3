using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Audit;

public sealed record AuditRow(long Id, DateTime At, string UserName, string ActorName, string Action, AuditSubject Subject, string SubjectKey, int? LineNumber, string? Before, string? After, string Summary);

public sealed record AuditList(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>The audit trail newest first, filtered in SQL: for the audit page, its export, and one thing's history.</summary>
public sealed class ListAuditTrail(IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task<AuditList> HandleAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var filtered = Filter(db.AuditTrail.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var rows = await Rows(filtered).Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new AuditList(rows, total);
    }

    /// <summary>Every matching entry, newest first (the export).</summary>
    public async IAsyncEnumerable<AuditRow> AllAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Rows(Filter(db.AuditTrail.AsNoTracking(), query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The latest changes people made to one thing (a SKU's or an order's history).</summary>
    public async Task<IReadOnlyList<AuditRow>> ForAsync(AuditSubject subject, string key, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await Rows(db.AuditTrail.AsNoTracking().Where(a => a.Subject == subject && a.SubjectKey == key)).Take(take).ToListAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to && to < DateOnly.MaxValue)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.At < end);
        }

        if (query.Person is { Length: > 0 } person)
        {
            var pattern = Pattern(person);
            entries = entries.Where(a => EF.Functions.Like(a.UserName.ToLower(), pattern) || EF.Functions.Like(a.ActorName.ToLower(), pattern));
        }

        if (query.Action is { Length: > 0 } action)
        {
            entries = entries.Where(a => a.Action == action);
        }

        if (query.Kind is { } kind)
        {
            entries = entries.Where(a => a.Subject == kind);
        }

        if (query.Search is { Length: > 0 } search)
        {
            var pattern = Pattern(search);
            entries = entries.Where(a => EF.Functions.Like(a.SubjectKey.ToLower(), pattern) || EF.Functions.Like(a.Summary.ToLower(), pattern));
        }

        return entries;
    }

    private static IQueryable<AuditRow> Rows(IQueryable<AuditEntry> entries) =>
        entries
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new AuditRow(a.Id, a.At, a.UserName, a.ActorName, a.Action, a.Subject, a.SubjectKey, a.LineNumber, a.Before, a.After, a.Summary));

    private static string Pattern(string text) =>
        "%" + text.Trim().ToLowerInvariant().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
}
