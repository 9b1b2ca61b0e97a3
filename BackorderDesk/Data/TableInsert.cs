using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BackorderDesk.Data;

/// <summary>
/// One table's prepared INSERTs for rows given as model values, one per property in order: a
/// multi-row statement for full batches (far fewer round trips) and a single-row one for the rest.
/// Parameters are typed, and values converted, by the context's own provider mappings, so the SQL is
/// a plain INSERT on either provider. The demo seeder and the copy to PostgreSQL write through it.
/// </summary>
internal sealed class TableInsert : IDisposable
{
    private readonly Func<object?, object?>[] _toProvider;
    private readonly DbCommand _batch;
    private readonly DbCommand _single;
    private readonly int _batchRows;
    private readonly List<object?[]> _pending;

    /// <param name="maxParameters">
    /// Parameters a multi-row statement may carry: SQLite finds a named parameter by a linear search,
    /// so its statements stay small; PostgreSQL takes up to 65,535.
    /// </param>
    public TableInsert(
        DbContext db, DbConnection connection, DbTransaction transaction, IEntityType entityType, IReadOnlyList<IProperty> properties,
        int maxParameters, int maxRows, int? commandTimeoutSeconds = null)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        _toProvider = properties.Select(p => p.GetRelationalTypeMapping().Converter is { } converter
            ? (Func<object?, object?>)(value => value is null ? null : converter.ConvertToProvider(value))
            : value => value).ToArray();
        _batchRows = Math.Clamp(maxParameters / properties.Count, 1, maxRows);
        _pending = new List<object?[]>(_batchRows);
        _batch = Prepare(_batchRows);
        _single = Prepare(1);

        DbCommand Prepare(int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (commandTimeoutSeconds is { } timeout)
            {
                command.CommandTimeout = timeout;
            }

            var table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
            var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
            var values = new List<string>(rows);
            for (var row = 0; row < rows; row++)
            {
                var names = new List<string>(properties.Count);
                for (var i = 0; i < properties.Count; i++)
                {
                    var name = $"p{(row * properties.Count) + i}";
                    command.Parameters.Add(properties[i].GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), null, properties[i].IsNullable));
                    names.Add(sql.GenerateParameterNamePlaceholder(name));
                }

                values.Add($"({string.Join(", ", names)})");
            }

            command.CommandText = $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)}";
            command.Prepare();
            return command;
        }
    }

    public async Task AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        _pending.Add(row);
        if (_pending.Count == _batchRows)
        {
            await ExecuteAsync(_batch, _pending, cancellationToken);
            _pending.Clear();
        }
    }

    /// <summary>Writes the rows that did not fill a batch.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var row in _pending)
        {
            await ExecuteAsync(_single, [row], cancellationToken);
        }

        _pending.Clear();
    }

    public void Dispose()
    {
        _batch.Dispose();
        _single.Dispose();
    }

    private async Task ExecuteAsync(DbCommand command, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var parameters = command.Parameters;
        var p = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < _toProvider.Length; i++)
            {
                parameters[p++].Value = _toProvider[i](row[i]) ?? DBNull.Value;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
