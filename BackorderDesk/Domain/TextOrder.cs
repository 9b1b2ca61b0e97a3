namespace BackorderDesk.Domain;

/// <summary>
/// Ordinal text order by Unicode code point: the order SQLite's BINARY collation gives (it compares
/// UTF-8 bytes, and UTF-8 byte order is code point order) and PostgreSQL's "C" collation gives. .NET's
/// <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 code units instead, which puts
/// characters above U+FFFF (stored as surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; this comparer
/// corrects that one difference, so a queue sorted in memory is in the same order as the same queue
/// read with ORDER BY.
/// </summary>
public sealed class TextOrder : IComparer<string>
{
    public static readonly TextOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            int a = x[i], b = y[i];
            if (a != b)
            {
                // At the first difference, moving surrogates above U+E000–U+FFFF turns code unit order into
                // code point order (the fix-up of ICU's u_strCompare in code point order).
                return Fix(a) - Fix(b);
            }
        }

        return x.Length - y.Length;
    }

    private static int Fix(int unit) => unit switch
    {
        >= 0xE000 => unit - 0x800,
        >= 0xD800 => unit + 0x2000,
        _ => unit,
    };
}
