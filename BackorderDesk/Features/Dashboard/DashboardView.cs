using System.Globalization;
using BackorderDesk.Features.Kpis;
using Microsoft.AspNetCore.WebUtilities;

namespace BackorderDesk.Features.Dashboard;

/// <summary>
/// What the Dashboard looks at, kept in the URL (<c>?client=ACME&amp;from=2026-11-01&amp;to=2026-11-30</c>)
/// so that a view can be bookmarked and shared. <c>client</c> is the same parameter the Stock and
/// Backorders pages filter by. Without a period the KPI cards cover the last 30 days and the daily
/// chart the last 90; with one, both cover it. Dates that make no period (malformed, reversed, too long,
/// or outside the years a period may cover) are set aside with a message, never fatal.
/// </summary>
public sealed record DashboardView(string? Client = null, DateOnly? From = null, DateOnly? To = null)
{
    public const int DefaultKpiDays = KpiQuery.DefaultDays;
    public const int DefaultChartDays = KpiQuery.DefaultChartDays;

    /// <summary>The presets the period picker offers, in days ending today.</summary>
    public static readonly int[] PresetDays = [7, 30, 90];

    public bool HasPeriod => From is not null && To is not null;

    /// <summary>The period of the KPI cards.</summary>
    public KpiPeriod KpiPeriod(DateOnly today) => HasPeriod ? new KpiPeriod(From!.Value, To!.Value) : LastDays(today, DefaultKpiDays);

    /// <summary>The same number of days just before <see cref="KpiPeriod"/>, for the trend.</summary>
    public KpiPeriod PreviousPeriod(DateOnly today)
    {
        var current = KpiPeriod(today);
        return new KpiPeriod(current.From.AddDays(-current.Days), current.From.AddDays(-1));
    }

    /// <summary>The period of the daily backorder-rate chart.</summary>
    public KpiPeriod ChartPeriod(DateOnly today) => HasPeriod ? new KpiPeriod(From!.Value, To!.Value) : LastDays(today, DefaultChartDays);

    /// <summary>The preset that is on (7, 30 or 90 days ending today), or null for a custom period or none.</summary>
    public int? Preset(DateOnly today) =>
        HasPeriod && To == today ? PresetDays.Where(d => From == today.AddDays(1 - d)).Select(d => (int?)d).FirstOrDefault() : null;

    public static KpiPeriod LastDays(DateOnly today, int days) => new(today.AddDays(1 - days), today);

    public DashboardView WithPreset(DateOnly today, int days) => this with { From = today.AddDays(1 - days), To = today };

    public static DashboardView Parse(string uri) => Read(uri).View;

    /// <summary>
    /// The view of <paramref name="uri"/> and, when its <c>from</c>/<c>to</c> do not make a period the
    /// Dashboard can show (malformed, only one of them, reversed, too long, or outside the years
    /// <see cref="Kpis.KpiPeriod.TryCreate"/> accepts), what to fix; the view then has the default periods.
    /// </summary>
    public static (DashboardView View, string? PeriodProblem) Read(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return (new DashboardView(), null);
        }

        var query = QueryHelpers.ParseQuery(uri[queryStart..]);
        string? Get(string key) => query.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
        var (fromText, toText) = (Get("from"), Get("to"));
        var (from, to) = (ParseDate(fromText), ParseDate(toText));
        Kpis.KpiPeriod? period = null;
        string? problem = null;
        if (fromText is not null && from is null)
        {
            problem = $"from must be a date such as 2026-11-01 (yyyy-MM-dd); \"{Shown(fromText)}\" is not one.";
        }
        else if (toText is not null && to is null)
        {
            problem = $"to must be a date such as 2026-11-30 (yyyy-MM-dd); \"{Shown(toText)}\" is not one.";
        }
        else if (from is { } f && to is { } t)
        {
            problem = Kpis.KpiPeriod.TryCreate(f, t, out period, out var periodProblem) ? null : periodProblem.Message;
        }
        else if (from is not null || to is not null)
        {
            problem = "A period needs both from and to.";
        }

        var client = Get("client");
        var view = new DashboardView(
            client is { Length: <= 64 } && !client.Any(char.IsControl) ? client : null,
            period?.From,
            period?.To);
        return (view, problem);
    }

    /// <summary>The KPI workbook's parameters: this view's client and the period its KPI cards cover.</summary>
    public static IReadOnlyDictionary<string, object?> KpiExportParameters(DashboardView view, DateOnly today)
    {
        var period = view.KpiPeriod(today);
        return new Dictionary<string, object?>
        {
            ["client"] = view.Client,
            ["from"] = Iso(period.From),
            ["to"] = Iso(period.To),
        };
    }

    /// <summary>Every key with its value, null for the ones not set (which removes them from the URL).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["client"] = Client,
        ["from"] = HasPeriod ? Iso(From!.Value) : null,
        ["to"] = HasPeriod ? Iso(To!.Value) : null,
    };

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "…" : text;

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
