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
                using var insert = new TableInsert(db, connection, transaction, entityType);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    insert.Add(row);
                    written++;
                    if (clock.Elapsed - lastReport > ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        logger.LogInformation(
                            "Writing demo data: {Percent:0}% ({Written:N0} of {Total:N0} rows, now {Table})…",
                            100.0 * written / total, written, total, entityType.GetTableName());
                    }
                }

                insert.Flush();
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

    /// <summary>
    /// One table's prepared INSERTs: a multi-row one for full batches (far fewer round trips through
    /// the provider; 999 parameters at most, which every provider accepts) and a single-row one for the rest.
    /// </summary>
    private sealed class TableInsert : IDisposable
    {
        private const int MaxParameters = 999;

        private readonly Func<object, object?>[] _readers;
        private readonly DbCommand _batch;
        private readonly DbCommand _single;
        private readonly int _batchRows;
        private readonly List<object> _pending;

        public TableInsert(WarehouseDbContext db, DbConnection connection, DbTransaction transaction, IEntityType entityType)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entityType.GetProperties().ToList();
            _readers = properties.Select(p => ColumnReader(p, p.GetRelationalTypeMapping().Converter)).ToArray();
            _batchRows = Math.Clamp(MaxParameters / properties.Count, 1, 8);
            _pending = new List<object>(_batchRows);
            _batch = Prepare(_batchRows);
            _single = Prepare(1);

            DbCommand Prepare(int rows)
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                var table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
                var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
                var values = new List<string>(rows);
                for (var row = 0; row < rows; row++)
                {
                    var names = new List<string>(properties.Count);
                    for (var i = 0; i < properties.Count; i++)
                    {
                        var name = $"p{(row * properties.Count) + i}";
                        var mapping = properties[i].GetRelationalTypeMapping();
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), null, properties[i].IsNullable));
                        names.Add(sql.GenerateParameterNamePlaceholder(name));
                    }

                    values.Add($"({string.Join(", ", names)})");
                }

                command.CommandText = $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)}";
                command.Prepare();
                return command;
            }
        }

        public void Add(object entity)
        {
            _pending.Add(entity);
            if (_pending.Count == _batchRows)
            {
                Execute(_batch, _pending);
                _pending.Clear();
            }
        }

        /// <summary>Writes the rows that did not fill a batch.</summary>
        public void Flush()
        {
            foreach (var entity in _pending)
            {
                Execute(_single, [entity]);
            }

            _pending.Clear();
        }

        public void Dispose()
        {
            _batch.Dispose();
            _single.Dispose();
        }

        private void Execute(DbCommand command, List<object> rows)
        {
            var parameters = command.Parameters;
            var p = 0;
            foreach (var row in rows)
            {
                foreach (var read in _readers)
                {
                    parameters[p++].Value = read(row) ?? DBNull.Value;
                }
            }

            command.ExecuteNonQuery();
        }

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
