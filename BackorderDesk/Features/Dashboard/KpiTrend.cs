using System.Globalization;

namespace BackorderDesk.Features.Dashboard;

/// <summary>How a KPI moved against the previous period of the same length, in words for a card.</summary>
public static class KpiTrend
{
    /// <param name="unit">"pts" for rates (percentage points), "days" for ages.</param>
    /// <param name="higherIsBetter">Whether a rise is good news (fill rate) or bad (backorder rate).</param>
    public static (string Text, bool Worse) Describe(decimal? current, decimal? previous, string unit, bool higherIsBetter)
    {
        if (current is null || previous is null)
        {
            return ("no previous period to compare", false);
        }

        var delta = current.Value - previous.Value;
        if (Math.Abs(delta) < 0.05m)
        {
            return ("unchanged against the previous period", false);
        }

        var arrow = delta > 0 ? "▲" : "▼";
        var text = string.Create(CultureInfo.InvariantCulture, $"{arrow} {Math.Abs(delta):0.0} {unit} against the previous period");
        return (text, delta > 0 != higherIsBetter);
    }

    public static string Format(decimal? value, string suffix) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0}{suffix}") : "—";
}
