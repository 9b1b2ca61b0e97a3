using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BackorderDesk.Data.Seed;

/// <summary>
/// Writes new entities straight through the context's connection: one transaction, one prepared
/// parameterized INSERT per table, reused for every row. Tables, columns, keys, foreign keys and
/// value conversions all come from the EF model, so the writer follows the model when it changes;
/// the SQL is a plain INSERT, so it is provider-agnostic. Change tracking of hundreds of thousands
/// of entities is what makes <c>SaveChanges</c> too slow for the demo warehouse.
/// </summary>
internal sealed class BulkWriter(WarehouseDbContext db, ILogger logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    // A multi-row statement of at most 8 rows and 999 parameters, which every provider accepts and
    // SQLite binds quickly (it finds a named parameter by a linear search).
    private const int MaxParameters = 999;
    private const int MaxRows = 8;

    /// <summary>
    /// Inserts every row, tables in foreign-key order (principals first). A row whose key is still
    /// the default gets the next key after the largest one in its batch; a foreign key is read
    /// from the navigation when one is set, so the domain objects need not know their parents' keys.
    /// </summary>
    public async Task WriteAsync(IReadOnlyDictionary<Type, IReadOnlyCollection<object>> rowsByType, CancellationToken cancellationToken)
    {
        var total = rowsByType.Values.Sum(r => (long)r.Count);
        var written = 0L;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (db.Database.IsSqlite())
            {
                // SQLite's default page cache is 2 MB: a transaction this size would spill pages to the
                // WAL and read them back for every index insert. 1 GB keeps the demo's indexes in memory.
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA cache_size = -1048576";
                pragma.ExecuteNonQuery();
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var entityType in InsertOrder(db.Model))
            {
                if (!rowsByType.TryGetValue(entityType.ClrType, out var rows) || rows.Count == 0)
                {
                    continue;
                }

                var tableClock = Stopwatch.StartNew();
                EntityKeys.AssignMissing(entityType, rows);
                var properties = entityType.GetProperties().ToList();
                var readers = properties.Select(ColumnReader).ToArray();
                using var insert = new TableInsert(db, connection, transaction, entityType, properties, MaxParameters, MaxRows);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await insert.AddAsync(Array.ConvertAll(readers, read => read(row)), cancellationToken);
                    written++;
                    if (clock.Elapsed - lastReport > ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        logger.LogInformation(
                            "Writing demo data: {Percent:0}% ({Written:N0} of {Total:N0} rows, now {Table})…",
                            100.0 * written / total, written, total, entityType.GetTableName());
                    }
                }

                await insert.FlushAsync(cancellationToken);
                logger.LogDebug("Wrote {Rows:N0} rows to {Table} in {Seconds:0.00} s.", rows.Count, entityType.GetTableName(), tableClock.Elapsed.TotalSeconds);
            }

            await DatabaseProvider.MoveKeySequencesPastRowsAsync(db, connection, transaction, rowsByType.Keys, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Wrote {Total:N0} rows in {Seconds:0.0} s.", total, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Entity types ordered so that every principal comes before its dependents.</summary>
    internal static IReadOnlyList<IEntityType> InsertOrder(IModel model)
    {
        var ordered = new List<IEntityType>();
        var visited = new HashSet<IEntityType>();
        foreach (var entityType in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            Visit(entityType);
        }

        return ordered;

        void Visit(IEntityType entityType)
        {
            if (!visited.Add(entityType))
            {
                return;
            }

            foreach (var principal in entityType.GetForeignKeys().Select(fk => fk.PrincipalEntityType).Where(p => p != entityType))
            {
                Visit(principal);
            }

            ordered.Add(entityType);
        }
    }

    /// <summary>Reads a property's model value from an entity; a foreign key from the navigation when one is set.</summary>
    private static Func<object, object?> ColumnReader(IProperty property)
    {
        var getter = property.GetGetter();
        Func<object, object?> read = getter.GetClrValueUsingContainingEntity;

        // The domain sets navigations, not always the foreign-key values: read the principal's key.
        var foreignKey = property.GetContainingForeignKeys()
            .FirstOrDefault(fk => fk.DependentToPrincipal is not null && fk.Properties.Count == 1);
        if (foreignKey is not null)
        {
            var navigation = foreignKey.DependentToPrincipal!.GetGetter();
            var principalKey = foreignKey.PrincipalKey.Properties[0].GetGetter();
            read = entity => navigation.GetClrValueUsingContainingEntity(entity) is { } principal
                ? principalKey.GetClrValueUsingContainingEntity(principal)
                : getter.GetClrValueUsingContainingEntity(entity);
        }

        return read;
    }
}
