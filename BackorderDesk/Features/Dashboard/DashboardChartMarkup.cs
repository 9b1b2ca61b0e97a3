using System.Globalization;
using System.Net;
using System.Text;
using BackorderDesk.Features.Kpis;

namespace BackorderDesk.Features.Dashboard;

/// <summary>The backorder-rate chart of one snapshot: its figures for the page and its SVG.</summary>
public sealed record DailyRateChart(int Days, int Ordered, string Points, string Summary, string Svg);

/// <summary>
/// The Dashboard's charts as finished SVG markup, built once per <see cref="DashboardSnapshot"/> and
/// shared, unchanged, by every page that shows it: a page holds one string per chart, not a tree of
/// chart components per page. Each chart is an image (<c>role="img"</c>) whose title and description
/// say what it shows, so a screen reader hears the figures rather than the drawing.
/// </summary>
/// <remarks>
/// Colours come from the theme's palette (CSS variables), so the charts follow the light and dark
/// themes and keep their contrast; text is drawn in the current text colour.
/// </remarks>
public sealed record DashboardChartMarkup(DailyRateChart DailyRate, string AgeSvg, string ClientSvg)
{
    /// <summary>The target of rules.md R8.1: fewer than 5 % of orders go on backorder.</summary>
    public const double TargetPercent = 5;

    private const string Line = "var(--mud-palette-primary)";
    private const string Target = "var(--mud-palette-error)";
    private const string Grid = "var(--mud-palette-lines-default)";
    private const string Muted = "var(--mud-palette-text-secondary)";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static DashboardChartMarkup Build(IReadOnlyList<DailyBackorderRate> daily, IReadOnlyList<AgeBucketUnits> ages, IReadOnlyList<ClientUnits> clients) =>
        new(
            BuildDailyRate(daily),
            ages.All(a => a.Units == 0) ? "" : BarSvg("age", "Waiting units by age", "Bar chart of the units waiting for stock, by how long their lines have waited", ages.Select(a => (a.Label, a.Units)).ToList()),
            clients.Count == 0 ? "" : BarSvg("client", "Waiting units by client", "Bar chart of the units waiting for stock, by client, most first", clients.Select(c => (c.Client, c.Units)).ToList()));

    private static DailyRateChart BuildDailyRate(IReadOnlyList<DailyBackorderRate> daily)
    {
        var ordered = daily.Sum(d => d.OrdersPlaced);
        var backordered = daily.Sum(d => d.OrdersBackordered);
        var above = daily.Count(d => d.BackorderRate > (decimal)TargetPercent);
        var points = string.Join(",", daily.Select(d => d.BackorderRate is { } r ? r.ToString("0.##", Invariant) : "-"));
        var summary = ordered == 0
            ? $"Last {daily.Count} days: no orders."
            : string.Create(Invariant, $"{daily.Count} days: {backordered} of {ordered} orders went on backorder ({100m * backordered / ordered:0.0} %); {above} {(above == 1 ? "day" : "days")} above the 5 % target.");
        var svg = ordered == 0 ? "" : LineSvg(daily, summary);
        return new DailyRateChart(daily.Count, ordered, points, summary, svg);
    }

    private static string LineSvg(IReadOnlyList<DailyBackorderRate> daily, string summary)
    {
        const double width = 800, left = 44, right = 12, top = 12, bottom = 212, labelsY = 232, legendY = 258, height = 268;
        var max = daily.Max(d => d.BackorderRate is { } r ? (double)r : 0);
        var yMax = Math.Max(10, Math.Ceiling(Math.Max(max, TargetPercent) / 10) * 10);
        var n = daily.Count;
        double X(int i) => n == 1 ? (left + width - right) / 2 : left + i * (width - right - left) / (n - 1);
        double Y(double value) => bottom - value / yMax * (bottom - top);

        var first = daily[0].Day.ToString("d MMM yyyy", Invariant);
        var last = daily[^1].Day.ToString("d MMM yyyy", Invariant);
        var highest = daily.Where(d => d.BackorderRate is not null).MaxBy(d => d.BackorderRate);
        var description = $"Line chart of the share of each day's placed orders that went on backorder, {first} to {last}, against the 5 % target. {summary}"
            + (highest is null ? "" : string.Create(Invariant, $" Highest: {highest.BackorderRate:0.#} % on {highest.Day:d MMM}."));

        var svg = new StringBuilder(8 * 1024);
        Open(svg, "daily-rate", width, height, "Backorder rate per day", description);

        // Horizontal grid with its percentages, five steps up to the top.
        for (var step = 0; step <= 5; step++)
        {
            var value = yMax * step / 5;
            var y = Y(value);
            svg.Append(Invariant, $"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - right}\" y2=\"{y:0.#}\" style=\"stroke:{Grid}\" stroke-width=\"1\"/>");
            svg.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"currentColor\">{value:0.#} %</text>");
        }

        // About seven day labels, whatever the period's length.
        var every = Math.Max(1, (int)Math.Ceiling(n / 7.0));
        for (var i = 0; i < n; i += every)
        {
            svg.Append(Invariant, $"<text x=\"{X(i):0.#}\" y=\"{labelsY}\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">{daily[i].Day.ToString("d MMM", Invariant)}</text>");
        }

        // The target, dashed across the whole period.
        svg.Append(Invariant, $"<line x1=\"{left}\" y1=\"{Y(TargetPercent):0.#}\" x2=\"{width - right}\" y2=\"{Y(TargetPercent):0.#}\" style=\"stroke:{Target}\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>");

        // The rate: one stroke per run of days with orders; a day alone between empty days is a dot.
        var path = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            if (daily[i].BackorderRate is not { } rate)
            {
                continue;
            }

            var previous = i > 0 && daily[i - 1].BackorderRate is not null;
            var next = i < n - 1 && daily[i + 1].BackorderRate is not null;
            if (!previous && !next)
            {
                svg.Append(Invariant, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y((double)rate):0.#}\" r=\"3\" style=\"fill:{Line}\"/>");
                continue;
            }

            path.Append(Invariant, $"{(previous ? "L" : "M")}{X(i):0.#} {Y((double)rate):0.#} ");
        }

        if (path.Length > 0)
        {
            svg.Append(Invariant, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" style=\"stroke:{Line}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
        }

        // Legend.
        svg.Append(Invariant, $"<line x1=\"{left}\" y1=\"{legendY - 4}\" x2=\"{left + 24}\" y2=\"{legendY - 4}\" style=\"stroke:{Line}\" stroke-width=\"2.5\"/>");
        svg.Append(Invariant, $"<text x=\"{left + 30}\" y=\"{legendY}\" font-size=\"12\" fill=\"currentColor\">Backorder rate (%)</text>");
        svg.Append(Invariant, $"<line x1=\"{left + 170}\" y1=\"{legendY - 4}\" x2=\"{left + 194}\" y2=\"{legendY - 4}\" style=\"stroke:{Target}\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>");
        svg.Append(Invariant, $"<text x=\"{left + 200}\" y=\"{legendY}\" font-size=\"12\" fill=\"currentColor\">Target 5 %</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string BarSvg(string id, string title, string what, IReadOnlyList<(string Label, long Units)> bars)
    {
        const double width = 600, left = 12, right = 12, top = 22, bottom = 182, height = 228;
        var rotate = bars.Count > 8;
        var max = Math.Max(1, bars.Max(b => b.Units));
        var slot = (width - left - right) / bars.Count;
        var barWidth = Math.Min(64, slot * 0.6);
        var description = $"{what}: " + string.Join("; ", bars.Select(b => $"{b.Label}, {Count(b.Units)} units")) + ".";

        var svg = new StringBuilder(2 * 1024);
        Open(svg, id, width, height, title, description);
        svg.Append(Invariant, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{width - right}\" y2=\"{bottom}\" style=\"stroke:{Muted}\" stroke-width=\"1\"/>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, units) = bars[i];
            var centre = left + slot * (i + 0.5);
            var barHeight = (double)units / max * (bottom - top);
            svg.Append(Invariant, $"<rect x=\"{centre - barWidth / 2:0.#}\" y=\"{bottom - barHeight:0.#}\" width=\"{barWidth:0.#}\" height=\"{barHeight:0.#}\" rx=\"2\" style=\"fill:{Line}\"/>");
            svg.Append(Invariant, $"<text x=\"{centre:0.#}\" y=\"{bottom - barHeight - 6:0.#}\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">{Count(units)}</text>");
            var text = WebUtility.HtmlEncode(label);
            svg.Append(rotate
                ? string.Create(Invariant, $"<text x=\"{centre:0.#}\" y=\"{bottom + 14}\" text-anchor=\"end\" font-size=\"12\" fill=\"currentColor\" transform=\"rotate(-35 {centre:0.#} {bottom + 14})\">{text}</text>")
                : string.Create(Invariant, $"<text x=\"{centre:0.#}\" y=\"{bottom + 18}\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">{text}</text>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Opens an SVG image titled and described for assistive technology (the ids are unique on the Dashboard).</summary>
    private static void Open(StringBuilder svg, string id, double width, double height, string title, string description) =>
        svg.Append(Invariant, $"<svg class=\"dashboard-svg-chart\" viewBox=\"0 0 {width} {height}\" style=\"width:100%;height:{height}px;max-height:{height}px\" role=\"img\" aria-labelledby=\"chart-{id}-title\" aria-describedby=\"chart-{id}-desc\" focusable=\"false\">")
            .Append(Invariant, $"<title id=\"chart-{id}-title\">{WebUtility.HtmlEncode(title)}</title>")
            .Append(Invariant, $"<desc id=\"chart-{id}-desc\">{WebUtility.HtmlEncode(description)}</desc>");

    private static string Count(long value) => value.ToString("N0", Invariant);
}
