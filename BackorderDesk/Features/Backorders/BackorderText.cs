using System.Globalization;
using BackorderDesk.Components;

namespace BackorderDesk.Features.Backorders;

/// <summary>How the backorder screens write dates, ETAs and positions (invariant, so tests can name them).</summary>
public static class BackorderText
{
    public static string Moment(DateTime at) => DateText.Moment(at);

    public static string Day(DateOnly day) => DateText.Day(day);

    public static string Eta(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        (null, null) => "no date yet",
        ({ } f, { } t) when f == t => Day(f),
        ({ } f, { } t) => DateText.Range(f, t),
        ({ } f, null) => $"from {Day(f)}",
        (null, { } t) => $"by {Day(t)}",
    };

    public static string Units(int qty) => qty == 1 ? "1 unit" : $"{NumberText.Whole(qty)} units";

    /// <summary>1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13
            ? "th"
            : (n % 10) switch
            {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
