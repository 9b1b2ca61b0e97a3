using System.Globalization;

namespace BackorderDesk.Components;

/// <summary>
/// How every screen writes a count of units, lines or orders: invariant culture with thousands
/// separators ("12,345"), so a figure reads the same on every page and in every test.
/// </summary>
public static class NumberText
{
    public static string Whole(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Whole(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Whole(int? value) => value is { } v ? Whole(v) : "—";

    public static string Whole(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
