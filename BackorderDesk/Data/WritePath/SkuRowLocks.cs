using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// On PostgreSQL several app instances write at once, each in its own transaction: a command locks
/// the rows of the SKUs whose books it uses (<c>FOR UPDATE</c>, in id order, so that two commands
/// touching the same SKUs take them in the same order instead of deadlocking), and nobody else
/// changes those SKUs until it commits. A SKU that moved on between the command's read and its lock
/// fails the command with <see cref="StaleBookException"/>, which runs it again on fresh rows.
/// SQLite needs none of this: one writer holds the whole database while it writes.
/// </summary>
internal static class SkuRowLocks
{
    public static async Task LockAsync(WarehouseDbContext db, IReadOnlyCollection<Sku> current, HashSet<int> locked, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var ids = current.Select(s => s.Id).Where(id => id > 0 && !locked.Contains(id)).Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        // The one raw statement of the write path: LINQ has no row locks. Table and column names are the model's.
        var entity = db.Model.FindEntityType(typeof(Sku)) ?? throw new InvalidOperationException("Sku is not in the model.");
        var table = entity.GetTableName();
        var id = entity.FindProperty(nameof(Sku.Id))!.GetColumnName();
        var version = entity.FindProperty(nameof(Sku.Version))!.GetColumnName();
#pragma warning disable EF1002 // Only the model's own table and column names are spliced in; the ids are a parameter.
        var rows = await db.Database
            .SqlQueryRaw<LockedSku>(
                $"SELECT \"{id}\" AS \"Id\", \"{version}\" AS \"Version\" FROM \"{table}\" WHERE \"{id}\" = ANY({{0}}) ORDER BY \"{id}\" FOR UPDATE",
                ids)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
        var versions = rows.ToDictionary(r => r.Id, r => r.Version);
        foreach (var sku in current)
        {
            if (ids.Contains(sku.Id) && versions.GetValueOrDefault(sku.Id, -1) != sku.Version)
            {
                throw new StaleBookException(sku.Code);
            }
        }

        locked.UnionWith(ids);
    }

    private sealed record LockedSku(int Id, long Version);
}
