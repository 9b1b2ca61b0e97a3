using System.Globalization;
using System.Net;
using System.Text;

namespace BackorderDesk.Features.Replay;

/// <summary>The report's charts as inline SVG (no script), each with a text alternative.</summary>
public static class ReplayCharts
{
    private const int Width = 640;
    private const int Height = 320;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 44;

    private static readonly string[] Palette = ["#1f5fa8", "#b3541e", "#2e7d32", "#7b3fa0", "#8a6d00", "#c2185b", "#00796b", "#5d4037", "#455a64", "#6a1b9a", "#ad1457", "#283593"];

    /// <summary>A point of the accuracy-against-width chart: a series (a supplier), a label, and its values.</summary>
    public sealed record Point(string Series, string Label, double WidthDays, double KeptPercent, bool Chosen);

    /// <summary>First-quoted accuracy against mean range width, a point per supplier.</summary>
    public static string AccuracyAgainstWidth(IReadOnlyList<SupplierScore> suppliers) =>
        AccuracyAgainstWidth(
            "First-quoted ETAs kept against mean range width, per supplier",
            suppliers.Where(s => s.QuotedShipped > 0).Select(s => new Point(s.Code, s.Code, s.MeanWidthDays, s.FirstKeptShare, true)).ToList());

    public static string AccuracyAgainstWidth(string title, IReadOnlyList<Point> points)
    {
        var svg = new StringBuilder();
        var maxWidth = Math.Max(5, Math.Ceiling(points.Select(p => p.WidthDays).DefaultIfEmpty(0).Max() / 5) * 5);
        var minKept = Math.Min(50, Math.Floor(points.Select(p => p.KeptPercent).DefaultIfEmpty(100).Min() / 10) * 10);
        double X(double days) => Left + (days / maxWidth * (Width - Left - Right));
        double Y(double kept) => Top + ((100 - kept) / (100 - minKept) * (Height - Top - Bottom));
        Open(svg, title);
        Axes(svg, "mean range width (days)", "kept (%)");
        for (var d = 0.0; d <= maxWidth; d += maxWidth / 5)
        {
            svg.Append(Invariant($"<text x=\"{X(d):0}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{d:0}</text>"));
        }

        for (var k = minKept; k <= 100; k += 10)
        {
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(k) + 4:0}\" text-anchor=\"end\">{k:0}</text>"));
        }

        // The 95% line: the least share of first quotes an honest range keeps.
        svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(95):0}\" y2=\"{Y(95):0}\" stroke=\"#6b6b6b\" stroke-dasharray=\"4 4\"/>"))
            .Append(Invariant($"<text x=\"{Width - Right - 4}\" y=\"{Y(95) - 4:0}\" text-anchor=\"end\">95%</text>"));
        var series = points.Select(p => p.Series).Distinct().ToList();
        foreach (var (name, i) in series.Select((s, i) => (s, i)))
        {
            var colour = Palette[i % Palette.Length];
            var own = points.Where(p => p.Series == name).OrderBy(p => p.WidthDays).ToList();
            if (own.Count > 1)
            {
                svg.Append("<polyline fill=\"none\" stroke=\"").Append(colour).Append("\" points=\"")
                    .AppendJoin(' ', own.Select(p => Invariant($"{X(p.WidthDays):0.0},{Y(p.KeptPercent):0.0}"))).Append("\"/>");
            }

            foreach (var p in own)
            {
                svg.Append(Invariant($"<circle cx=\"{X(p.WidthDays):0.0}\" cy=\"{Y(p.KeptPercent):0.0}\" r=\"{(p.Chosen ? 6 : 3.5)}\" fill=\"{(p.Chosen ? colour : "#ffffff")}\" stroke=\"{colour}\" stroke-width=\"2\"><title>"))
                    .Append(E(Invariant($"{p.Series} {p.Label}: {p.KeptPercent:0.0}% kept, {p.WidthDays:0.0} days wide{(p.Chosen ? " (chosen)" : "")}"))).Append("</title></circle>");
            }

            svg.Append(Invariant($"<text x=\"{Width - Right - 4}\" y=\"{Height - Bottom - 8 - (i * 14)}\" text-anchor=\"end\" fill=\"{colour}\">{E(name)}</text>"));
        }

        return Close(svg, points.Select(p => Invariant($"{p.Series} {p.Label}: {p.KeptPercent:0.0}% kept at {p.WidthDays:0.0} days{(p.Chosen ? " (chosen)" : "")}")));
    }

    /// <summary>Lines waiting and rolling backorders at the end of each day.</summary>
    public static string WaitingOverTime(IReadOnlyList<ReplayDay> days)
    {
        var svg = new StringBuilder();
        var max = Math.Max(10, days.Select(d => d.WaitingLines).DefaultIfEmpty(0).Max());
        double X(int i) => Left + (i / (double)Math.Max(1, days.Count - 1) * (Width - Left - Right));
        double Y(double v) => Top + ((1 - (v / max)) * (Height - Top - Bottom));
        Open(svg, "Backordered lines waiting and rolling backorders, day by day");
        Axes(svg, "day", "lines");
        for (var i = 0; i < days.Count; i += Math.Max(1, days.Count / 6))
        {
            svg.Append(Invariant($"<text x=\"{X(i):0}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{days[i].Day:MMM d}</text>"));
        }

        for (var v = 0; v <= max; v += Math.Max(1, max / 5))
        {
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0}\" text-anchor=\"end\">{v}</text>"));
        }

        if (days.FirstOrDefault(d => d.Scored) is { } first)
        {
            var at = X(days.ToList().IndexOf(first));
            svg.Append(Invariant($"<line x1=\"{at:0}\" x2=\"{at:0}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#6b6b6b\" stroke-dasharray=\"4 4\"/><text x=\"{at + 4:0}\" y=\"{Top + 12}\">scored from here</text>"));
        }

        foreach (var (label, colour, value) in new (string, string, Func<ReplayDay, int>)[] { ("waiting lines", Palette[0], d => d.WaitingLines), ("rolling backorders", Palette[1], d => d.RollingBackorders) })
        {
            svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(colour).Append("\" points=\"")
                .AppendJoin(' ', days.Select((d, i) => Invariant($"{X(i):0.0},{Y(value(d)):0.0}"))).Append("\"/>");
            svg.Append(Invariant($"<text x=\"{Width - Right - 4}\" y=\"{(label == "waiting lines" ? Top + 12 : Top + 26)}\" text-anchor=\"end\" fill=\"{colour}\">{label}</text>"));
        }

        var scored = days.Where(d => d.Scored).ToList();
        return Close(svg, scored.Count == 0 ? [] : [Invariant($"Over the scored days: {scored.Average(d => d.WaitingLines):0} lines waiting on average, at most {scored.Max(d => d.WaitingLines)}; rolling backorders at most {scored.Max(d => d.RollingBackorders)}.")]);
    }

    private static void Open(StringBuilder svg, string title) =>
        svg.Append("<figure><figcaption><strong>").Append(E(title)).Append("</strong></figcaption>")
            .Append(Invariant($"<svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\">"));

    private static void Axes(StringBuilder svg, string x, string y) =>
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#1b1b1b\"/>"))
            .Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#1b1b1b\"/>"))
            .Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">{E(x)}</text>"))
            .Append(Invariant($"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{E(y)}</text>"));

    private static string Close(StringBuilder svg, IEnumerable<string> description)
    {
        svg.Append("</svg><details><summary>The chart's data as text</summary><ul>");
        foreach (var line in description)
        {
            svg.Append("<li>").Append(E(line)).Append("</li>");
        }

        return svg.Append("</ul></details></figure>").ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
