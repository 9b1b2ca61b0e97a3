using System.Linq.Expressions;
using System.Reflection;
using BackorderDesk.Data;
using BackorderDesk.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BackorderDesk.Features.CopyToPostgres;

/// <summary>How many rows one table held in the source and holds in the target after the copy.</summary>
public sealed record TableRows(string Table, long Source, long Target)
{
    public bool Match => Source == Target;
}

/// <summary>Where a copy is: a table finished, or a long table part-way (reported every few seconds).</summary>
public sealed record CopyProgress(string Table, long Rows, long TableRows, bool TableDone, TimeSpan TableElapsed);

/// <summary>
/// Copies every table of the EF model from one warehouse database into another, rows and keys as they
/// are: read untracked from the source inside one read transaction (a consistent snapshot), written to
/// the target in foreign-key order (principals first) in one transaction, then the target's identity
/// sequences are moved past the copied keys. Tables, columns and value conversions come from the model
/// of each side, so a table or column added to the model later is copied without a change here, and a
/// value is read as the source provider stores it and written as the target provider stores it
/// (e.g. SQLite's text timestamps become PostgreSQL's timestamptz).
/// </summary>
public sealed class WarehouseCopy(TimeProvider time)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    // Rows per statement on PostgreSQL, which takes up to 65,535 parameters: batches stay well below.
    private const int MaxParameters = 8_000;
    private const int MaxRows = 500;

    /// <summary>The model's tables in the order they are written, with the entity type each holds.</summary>
    public static IReadOnlyList<IEntityType> Tables(IModel model)
    {
        var tables = BulkWriter.InsertOrder(model).Where(e => e.GetTableName() is not null).ToList();
        var unsupported = tables.Where(e => e.IsOwned() || e.BaseType is not null || e.GetDirectlyDerivedTypes().Any() || e.GetComplexProperties().Any()
                || tables.Count(o => o.GetTableName() == e.GetTableName() && o.GetSchema() == e.GetSchema()) > 1)
            .Select(e => e.DisplayName()).ToList();
        return unsupported.Count == 0
            ? tables
            : throw new NotSupportedException(
                $"The copy writes one plain entity type per table; these need their own handling: {string.Join(", ", unsupported)}.");
    }

    /// <summary>Rows per table in <paramref name="db"/>, for every table of the model.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entityType in Tables(db.Model))
        {
            counts[entityType.GetTableName()!] = await CountOfMethod.MakeGenericMethod(entityType.ClrType)
                .InvokeAsync<long>(null, [db, entityType, cancellationToken]);
        }

        return counts;
    }

    /// <summary>
    /// Copies every row of <paramref name="source"/> into <paramref name="target"/>, which must have the
    /// schema and no rows. Nothing is written unless everything is: one transaction on the target.
    /// Returns the source's row count per table (read in the same snapshot as the rows).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CopyAsync(
        WarehouseDbContext source, WarehouseDbContext target, IProgress<CopyProgress>? progress, CancellationToken cancellationToken)
    {
        source.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        source.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await using var read = await source.Database.BeginTransactionAsync(cancellationToken);
        var counts = await CountAsync(source, cancellationToken);

        await target.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = target.Database.GetDbConnection();
            await using var write = await connection.BeginTransactionAsync(cancellationToken);
            var written = new List<Type>();
            foreach (var targetType in Tables(target.Model))
            {
                var sourceType = source.Model.FindEntityType(targetType.Name)
                    ?? throw new InvalidOperationException($"{targetType.DisplayName()} is in the target's model but not in the source's.");
                var properties = targetType.GetProperties().ToList();
                var table = targetType.GetTableName()!;
                var total = counts[table];
                var started = time.GetTimestamp();
                var lastReport = started;
                long rows = 0;
                using (var insert = new TableInsert(target, connection, write, targetType, properties, MaxParameters, MaxRows, commandTimeoutSeconds: 600))
                {
                    var reader = (IAsyncEnumerable<object?[]>)ReadRowsMethod.MakeGenericMethod(sourceType.ClrType)
                        .Invoke(null, [source, sourceType, properties.Select(p => p.Name).ToList()])!;
                    await foreach (var row in reader.WithCancellation(cancellationToken))
                    {
                        await insert.AddAsync(row, cancellationToken);
                        rows++;
                        if (progress is not null && time.GetElapsedTime(lastReport) > ProgressInterval)
                        {
                            lastReport = time.GetTimestamp();
                            progress.Report(new CopyProgress(table, rows, total, false, time.GetElapsedTime(started)));
                        }
                    }

                    await insert.FlushAsync(cancellationToken);
                }

                written.Add(targetType.ClrType);
                progress?.Report(new CopyProgress(table, rows, total, true, time.GetElapsedTime(started)));
            }

            await DatabaseProvider.MoveKeySequencesPastRowsAsync(target, connection, write, written, cancellationToken);
            await write.CommitAsync(cancellationToken);
        }
        finally
        {
            await target.Database.CloseConnectionAsync();
        }

        return counts;
    }

    private static readonly MethodInfo ReadRowsMethod = typeof(WarehouseCopy).GetMethod(nameof(ReadRows), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo CountOfMethod = typeof(WarehouseCopy).GetMethod(nameof(CountOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static IQueryable<T> SetOf<T>(WarehouseDbContext db, IEntityType entityType)
        where T : class =>
        (entityType.HasSharedClrType ? db.Set<T>(entityType.Name) : db.Set<T>()).AsNoTracking().IgnoreQueryFilters();

    private static Task<long> CountOf<T>(WarehouseDbContext db, IEntityType entityType, CancellationToken cancellationToken)
        where T : class =>
        SetOf<T>(db, entityType).LongCountAsync(cancellationToken);

    /// <summary>
    /// Every row of the table as model values in the order of <paramref name="names"/>, shadow properties
    /// included (<c>EF.Property</c>): the source provider's value conversions are EF's own.
    /// </summary>
    private static IAsyncEnumerable<object?[]> ReadRows<T>(WarehouseDbContext db, IEntityType entityType, IReadOnlyList<string> names)
        where T : class
    {
        var row = Expression.Parameter(typeof(T), "row");
        var values = names.Select(name =>
        {
            var property = entityType.FindProperty(name)
                ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{name} is in the target's model but not in the source's.");
            var read = Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], row, Expression.Constant(name));
            return (Expression)Expression.Convert(read, typeof(object));
        });
        var select = Expression.Lambda<Func<T, object?[]>>(Expression.NewArrayInit(typeof(object), values), row);
        return SetOf<T>(db, entityType).Select(select).AsAsyncEnumerable();
    }
}

internal static class ReflectionInvoke
{
    /// <summary>Calls a generic method found by reflection that returns <c>Task&lt;T&gt;</c>, and awaits it.</summary>
    public static Task<T> InvokeAsync<T>(this MethodInfo method, object? target, object?[] arguments) =>
        (Task<T>)method.Invoke(target, arguments)!;
}
