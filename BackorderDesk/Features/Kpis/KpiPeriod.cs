using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BackorderDesk.Features.Kpis;

/// <summary>
/// A period of whole UTC days, both ends included: from 00:00 UTC on <see cref="From"/> to the end
/// of <see cref="To"/>. Dates a person or a program supplied become a period only through
/// <see cref="TryCreate"/>, which keeps both ends within <see cref="Earliest"/>..<see cref="Latest"/>:
/// then the day after the end, the previous period of the trend and the 90-day chart window all stay
/// far inside what <see cref="DateOnly"/> can hold.
/// </summary>
public sealed record KpiPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period one request may ask for.</summary>
    public const int MaxDays = 400;

    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(2100, 12, 31);

    public DateTime Start => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>00:00 UTC on the day after <see cref="To"/> (excluded).</summary>
    public DateTime End => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The period from..to, or the one thing to fix: a date outside <see cref="Earliest"/>..<see cref="Latest"/>,
    /// from after to, or more than <see cref="MaxDays"/> days.
    /// </summary>
    public static bool TryCreate(DateOnly from, DateOnly to, [NotNullWhen(true)] out KpiPeriod? period, [NotNullWhen(false)] out PeriodProblem? problem)
    {
        period = null;
        problem = OutOfRange("from", from) ?? OutOfRange("to", to);
        if (problem is null && from > to)
        {
            problem = new("from", $"from ({Iso(from)}) is after to ({Iso(to)}); swap them.");
        }
        else if (problem is null && to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            problem = new("to", $"The period {Iso(from)} to {Iso(to)} is {to.DayNumber - from.DayNumber + 1} days; ask for at most {MaxDays} days at once.");
        }

        if (problem is not null)
        {
            return false;
        }

        period = new KpiPeriod(from, to);
        return true;
    }

    /// <summary>The <paramref name="days"/> days ending on <paramref name="to"/>, cut at <see cref="Earliest"/>.</summary>
    public static DateOnly FirstDayOf(int days, DateOnly to) =>
        to.DayNumber - Earliest.DayNumber + 1 < days ? Earliest : to.AddDays(1 - days);

    /// <summary>The problem with <paramref name="date"/> as the <paramref name="field"/> end of a period, or null when it can be one.</summary>
    public static PeriodProblem? OutOfRange(string field, DateOnly date) =>
        date < Earliest || date > Latest
            ? new(field, $"{field} must be a date from {Iso(Earliest)} to {Iso(Latest)}; {Iso(date)} is out of range.")
            : null;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Why dates do not make a <see cref="KpiPeriod"/>: the field to fix and a message that says how.</summary>
public sealed record PeriodProblem(string Field, string Message);
