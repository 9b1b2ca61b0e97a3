using System.Globalization;

namespace BackorderDesk.Components;

/// <summary>
/// The one way the screens write dates and instants: "3 Dec 2026" and "3 Dec 2026 14:05" (invariant
/// culture; instants are stored and shown in UTC). Customer messages keep their own "Dec 3–6" style
/// (NoticeTemplates), which is what the customer was told.
/// </summary>
public static class DateText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"3 Dec 2026".</summary>
    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", Invariant);

    /// <summary>"3 Dec 2026", the UTC day of an instant.</summary>
    public static string Day(DateTime at) => at.ToString("d MMM yyyy", Invariant);

    /// <summary>"3 Dec 2026 14:05" (UTC).</summary>
    public static string Moment(DateTime at) => at.ToString("d MMM yyyy HH:mm", Invariant);

    /// <summary>"3 Dec 2026 14:05" (UTC).</summary>
    public static string Moment(DateTimeOffset at) => Moment(at.UtcDateTime);

    /// <summary>"3 Dec 2026 14:05 UTC", where the zone must be said (a page header, a run time).</summary>
    public static string MomentUtc(DateTime at) => Moment(at) + " UTC";

    /// <summary>"3–6 Dec 2026", "28 Nov – 2 Dec 2026", "30 Dec 2026 – 4 Jan 2027"; one day is written once.</summary>
    public static string Range(DateOnly from, DateOnly to)
    {
        if (from == to)
        {
            return Day(from);
        }

        if (from.Year != to.Year)
        {
            return $"{Day(from)} – {Day(to)}";
        }

        return from.Month == to.Month
            ? $"{from.Day.ToString(Invariant)}–{Day(to)}"
            : $"{from.ToString("d MMM", Invariant)} – {Day(to)}";
    }
}
