using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BackorderDesk.Data.Seed;

/// <summary>
/// Hands out primary keys before anything is written, so that a simulation can build its object
/// graph with real keys (the domain copies some parent keys in constructors). The key property and
/// its backing field come from the EF model; entities keep their private setters.
/// </summary>
internal sealed class EntityKeys(IModel model)
{
    private readonly Dictionary<Type, (IProperty Key, long Next)> _keys = [];

    /// <summary>Gives <paramref name="entity"/> the next key of its type and returns it.</summary>
    public T Assign<T>(T entity)
        where T : class
    {
        if (!_keys.TryGetValue(typeof(T), out var entry))
        {
            var entityType = model.FindEntityType(typeof(T))
                ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            entry = (SingleKey(entityType), 1);
        }

        SetKey(entry.Key, entity, entry.Next);
        _keys[typeof(T)] = (entry.Key, entry.Next + 1);
        return entity;
    }

    /// <summary>Makes the next key of <typeparamref name="T"/> follow <paramref name="largestExisting"/>, a key already in the database.</summary>
    public void StartAfter<T>(long largestExisting)
        where T : class
    {
        var entityType = model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        _keys[typeof(T)] = (SingleKey(entityType), largestExisting + 1);
    }

    /// <summary>Gives every row whose key is still the default the next key after the largest one present.</summary>
    public static void AssignMissing(IEntityType entityType, IEnumerable<object> rows)
    {
        var key = SingleKey(entityType);
        var getter = key.GetGetter();
        var next = rows.Select(r => Convert.ToInt64(getter.GetClrValueUsingContainingEntity(r), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1;
        foreach (var row in rows)
        {
            if (getter.HasSentinelValueUsingContainingEntity(row))
            {
                SetKey(key, row, next++);
            }
        }
    }

    private static IProperty SingleKey(IEntityType entityType)
    {
        var key = entityType.FindPrimaryKey()?.Properties ?? [];
        return key.Count == 1
            ? key[0]
            : throw new InvalidOperationException($"{entityType.DisplayName()} needs a single-column key to be seeded.");
    }

    private static void SetKey(IProperty key, object entity, long value)
    {
        var converted = Convert.ChangeType(value, key.ClrType, System.Globalization.CultureInfo.InvariantCulture);
        MemberInfo member = key.FieldInfo ?? (MemberInfo?)key.PropertyInfo
            ?? throw new InvalidOperationException($"{key.Name} has no field or property to set.");
        if (member is FieldInfo field)
        {
            field.SetValue(entity, converted);
        }
        else
        {
            ((PropertyInfo)member).SetValue(entity, converted);
        }
    }
}
