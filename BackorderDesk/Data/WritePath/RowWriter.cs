using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// Writes entity rows as plain SQL inside the writer's open transaction: multi-row inserts, one
/// update per changed row, the SKU's update at the version its book was read at. Tables, columns,
/// value conversions and parameter types come from the EF model, so the statements are the ones EF
/// would send, on SQLite or PostgreSQL, without change tracking. Foreign keys are taken from the
/// navigations (an allocation's line, a timeline entry's order), so rows can be built in memory and
/// written in dependency order.
/// </summary>
internal sealed class RowWriter(WarehouseDbContext db)
{
    // SQLite finds each named parameter by a linear search of the statement's names, so binding costs
    // the square of a statement's parameters: 12,500 parameters took ~600 ms to bind, 500 take well under 1 ms.
    private const int MaxParameters = 500;

    // The model is one per provider and never changes: its tables' maps are built once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Type), TableMap> Maps = new();

    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>Inserts the rows with multi-row statements; generated keys are not read back.</summary>
    public async Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var map = Map(typeof(T));
        var perStatement = Math.Max(1, MaxParameters / map.InsertColumns.Count);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            await using var command = Command();
            var text = new StringBuilder(map.InsertHead);
            for (var r = 0; r < chunk.Length; r++)
            {
                var row = chunk[r];
                map.ResolveForeignKeys(row);
                text.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < map.InsertColumns.Count; c++)
                {
                    var name = $"@p{(r * map.InsertColumns.Count) + c}";
                    text.Append(c == 0 ? name : "," + name);
                    command.Parameters.Add(map.InsertColumns[c].Parameter(command, name, row));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Inserts each row and sets its generated key on it (rows that later rows or updates refer to).</summary>
    public async Task InsertReturningKeysAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var map = Map(typeof(T));
        await using var command = Command();
        var text = new StringBuilder(map.InsertHead).Append('(');
        for (var c = 0; c < map.InsertColumns.Count; c++)
        {
            text.Append(c == 0 ? $"@p{c}" : $",@p{c}");
        }

        command.CommandText = text.Append(") RETURNING ").Append(_sql.DelimitIdentifier(map.Key.Column)).ToString();
        foreach (var row in rows)
        {
            map.ResolveForeignKeys(row);
            command.Parameters.Clear();
            for (var c = 0; c < map.InsertColumns.Count; c++)
            {
                command.Parameters.Add(map.InsertColumns[c].Parameter(command, $"@p{c}", row));
            }

            var key = await command.ExecuteScalarAsync(cancellationToken);
            map.Key.Set(row, Convert.ChangeType(key, map.Key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Writes every column of each row by its key (rows the command changed): one statement per
    /// chunk of rows, <c>WITH v(…) AS (VALUES …) UPDATE … FROM v</c>, which SQLite and PostgreSQL both run.
    /// </summary>
    public async Task UpdateAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var map = Map(typeof(T));
        var width = map.UpdateColumns.Count + 1;
        foreach (var chunk in rows.Chunk(Math.Max(1, MaxParameters / width)))
        {
            await using var command = Command();
            var text = new StringBuilder(map.UpdateFromHead);
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ",(");
                var key = $"@p{r * width}";
                text.Append(key);
                command.Parameters.Add(map.Key.Parameter(command, key, chunk[r]));
                for (var c = 0; c < map.UpdateColumns.Count; c++)
                {
                    var name = $"@p{(r * width) + c + 1}";
                    text.Append(',').Append(name);
                    command.Parameters.Add(map.UpdateColumns[c].Parameter(command, name, chunk[r]));
                }

                text.Append(')');
            }

            command.CommandText = text.Append(map.UpdateFromTail).ToString();
            var updated = await command.ExecuteNonQueryAsync(cancellationToken);
            if (updated != chunk.Length)
            {
                throw new InvalidOperationException($"{updated} of {chunk.Length} {typeof(T).Name} rows were found to update.");
            }
        }
    }

    /// <summary>
    /// Writes every column of the row by its key, only where <paramref name="versionColumn"/> still
    /// holds <paramref name="expected"/>, and sets it to <paramref name="next"/>. False when the row
    /// moved on (another writer changed it since it was read).
    /// </summary>
    public async Task<bool> UpdateAtVersionAsync<T>(T row, string versionColumn, long expected, long next, CancellationToken cancellationToken)
        where T : class
    {
        var map = Map(typeof(T));
        await using var command = Command();
        var version = _sql.DelimitIdentifier(versionColumn);
        command.CommandText = $"{map.UpdateText} AND {version} = @expected";
        for (var c = 0; c < map.UpdateColumns.Count; c++)
        {
            var column = map.UpdateColumns[c];
            command.Parameters.Add(column.Column == versionColumn ? column.Value(command, $"@p{c}", next) : column.Parameter(command, $"@p{c}", row));
        }

        command.Parameters.Add(map.Key.Parameter(command, "@key", row));
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@expected";
        parameter.Value = expected;
        command.Parameters.Add(parameter);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A command on the writer's connection, in its transaction.</summary>
    public DbCommand Command()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are written inside the writer's transaction.");
        return command;
    }

    /// <summary>A delimited table name of the model, for the few statements written by hand.</summary>
    public string Table<T>() => Map(typeof(T)).Table;

    /// <summary>A delimited column name of the model.</summary>
    public string Column<T>(string property) => _sql.DelimitIdentifier(Map(typeof(T)).ColumnOf(property));

    private TableMap Map(Type type) =>
        Maps.GetOrAdd((db.Model, type), key => new TableMap(key.Model.FindEntityType(key.Type) ?? throw new InvalidOperationException($"{key.Type.Name} is not in the model."), _sql));

    private sealed class TableMap
    {
        private readonly List<(ColumnMap Column, Func<object, object?> Principal, ColumnMap PrincipalKey)> _foreignKeys = [];

        public TableMap(IEntityType entity, ISqlGenerationHelper sql)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            Table = sql.DelimitIdentifier(table.Name, table.Schema);
            var key = entity.FindPrimaryKey()!.Properties.Single();
            Key = new ColumnMap(key, table);
            var columns = new List<ColumnMap>();
            foreach (var property in entity.GetProperties())
            {
                if (property.IsShadowProperty())
                {
                    throw new NotSupportedException($"{entity.DisplayName()}.{property.Name} is a shadow property; rows of it are written through EF.");
                }

                columns.Add(new ColumnMap(property, table));
            }

            InsertColumns = columns.Where(c => !(c.Property.IsPrimaryKey() && c.Property.ValueGenerated != ValueGenerated.Never)).ToList();
            UpdateColumns = columns.Where(c => !c.Property.IsPrimaryKey()).ToList();
            InsertHead = $"INSERT INTO {Table} ({string.Join(",", InsertColumns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";
            var keyColumn = sql.DelimitIdentifier(Key.Column);
            var valueColumns = string.Join(",", UpdateColumns.Select((c, i) => sql.DelimitIdentifier($"c{i}")));
            UpdateFromHead = $"WITH v({sql.DelimitIdentifier("k")},{valueColumns}) AS (VALUES ";
            UpdateFromTail = $") UPDATE {Table} SET {string.Join(",", UpdateColumns.Select((c, i) => $"{sql.DelimitIdentifier(c.Column)} = v.{sql.DelimitIdentifier($"c{i}")}"))} FROM v WHERE {Table}.{keyColumn} = v.{sql.DelimitIdentifier("k")}";
            UpdateText = $"UPDATE {Table} SET {string.Join(",", UpdateColumns.Select((c, i) => $"{sql.DelimitIdentifier(c.Column)} = @p{i}"))} WHERE {sql.DelimitIdentifier(Key.Column)} = @key";
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.DependentToPrincipal is { } navigation && foreignKey.Properties.Count == 1)
                {
                    var getter = navigation.GetGetter();
                    var principalKey = new ColumnMap(foreignKey.PrincipalKey.Properties[0], table);
                    _foreignKeys.Add((columns.Single(c => c.Property == foreignKey.Properties[0]), getter.GetClrValueUsingContainingEntity, principalKey));
                }
            }
        }

        public string Table { get; }

        public ColumnMap Key { get; }

        public List<ColumnMap> InsertColumns { get; }

        public List<ColumnMap> UpdateColumns { get; }

        public string InsertHead { get; }

        public string UpdateText { get; }

        public string UpdateFromHead { get; }

        public string UpdateFromTail { get; }

        public string ColumnOf(string property) => UpdateColumns.Concat([Key]).Single(c => c.Property.Name == property).Column;

        /// <summary>Copies the key of each loaded principal (the line of an allocation) into the foreign key.</summary>
        public void ResolveForeignKeys(object row)
        {
            foreach (var (column, principal, principalKey) in _foreignKeys)
            {
                if (principal(row) is { } loaded)
                {
                    var key = principalKey.Get(loaded);
                    if (key is 0 or 0L)
                    {
                        throw new InvalidOperationException($"A {row.GetType().Name} refers to a {loaded.GetType().Name} not written yet; write principals first.");
                    }

                    column.Set(row, key);
                }
            }
        }
    }

    private sealed class ColumnMap
    {
        private readonly IClrPropertyGetter _getter;
        private readonly RelationalTypeMapping _mapping;
        private readonly Action<object, object?> _setter;

        public ColumnMap(IProperty property, StoreObjectIdentifier table)
        {
            Property = property;
            Column = property.GetColumnName(table) ?? property.Name;
            _getter = property.GetGetter();
            _mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var member = property.PropertyInfo;
            var setter = member?.GetSetMethod(nonPublic: true);
            _setter = setter is not null ? (row, value) => setter.Invoke(row, [value]) : (row, value) => property.FieldInfo!.SetValue(row, value);
        }

        public IProperty Property { get; }

        public string Column { get; }

        public Type ClrType => Property.ClrType;

        public object? Get(object row) => _getter.GetClrValueUsingContainingEntity(row);

        public void Set(object row, object? value) => _setter(row, value);

        /// <summary>A parameter as EF makes it for this column: the value converted, typed for the provider.</summary>
        public DbParameter Parameter(DbCommand command, string name, object row) => Value(command, name, Get(row));

        /// <summary>The type mapping converts the value (enums to text, instants to UTC) as it does for EF's own commands.</summary>
        public DbParameter Value(DbCommand command, string name, object? value) => _mapping.CreateParameter(command, name, value, Property.IsNullable);
    }
}
