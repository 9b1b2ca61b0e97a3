using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var entityType in InsertOrder(db.Model))
            {
                if (!rowsByType.TryGetValue(entityType.ClrType, out var rows) || rows.Count == 0)
                {
                    continue;
                }

                EntityKeys.AssignMissing(entityType, rows);
                using var insert = new TableInsert(db, connection, transaction, entityType);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    insert.Execute(row);
                    written++;
                    if (clock.Elapsed - lastReport > ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        logger.LogInformation(
                            "Writing demo data: {Percent:0}% ({Written:N0} of {Total:N0} rows, now {Table})…",
                            100.0 * written / total, written, total, entityType.GetTableName());
                    }
                }
            }

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

    /// <summary>One table's prepared INSERT and how to read each column from an entity.</summary>
    private sealed class TableInsert : IDisposable
    {
        private readonly DbCommand _command;
        private readonly (DbParameter Parameter, Func<object, object?> Read)[] _columns;

        public TableInsert(WarehouseDbContext db, DbConnection connection, DbTransaction transaction, IEntityType entityType)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entityType.GetProperties().ToList();
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _columns = new (DbParameter, Func<object, object?>)[properties.Count];
            for (var i = 0; i < properties.Count; i++)
            {
                var mapping = properties[i].GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(_command, sql.GenerateParameterName($"p{i}"), null, properties[i].IsNullable);
                _command.Parameters.Add(parameter);
                _columns[i] = (parameter, ColumnReader(properties[i], mapping.Converter));
            }

            var table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
            var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
            var values = string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}")));
            _command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({values})";
            _command.Prepare();
        }

        public void Execute(object entity)
        {
            foreach (var (parameter, read) in _columns)
            {
                parameter.Value = read(entity) ?? DBNull.Value;
            }

            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();

        private static Func<object, object?> ColumnReader(IProperty property, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
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

            return converter is null ? read : entity => read(entity) is { } value ? converter.ConvertToProvider(value) : null;
        }
    }
}
