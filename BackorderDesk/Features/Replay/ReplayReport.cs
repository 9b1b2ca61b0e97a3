using System.Globalization;
using System.Net;
using System.Text;

namespace BackorderDesk.Features.Replay;

/// <summary>The replay's score as a console table and as a self-contained HTML page with charts.</summary>
public static class ReplayReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The score's rows: a name and, per scope, the cell text.</summary>
    public static IReadOnlyList<(string Name, Func<ReplayScore, string> Cell)> Rows { get; } =
    [
        ("Orders placed", s => N(s.Orders)),
        ("Backorder rate", s => P(s.BackorderRate)),
        ("Line fill rate", s => P(s.LineFillRate)),
        ("Backordered lines", s => N(s.BackorderedLines)),
        ("First-quoted ETA kept (inside range)", s => $"{P(s.FirstKeptShare)} ({N(s.FirstKept)}/{N(s.QuotedShipped)})"),
        ("First-quoted ETA kept (by last day)", s => P(s.FirstKeptByEndShare)),
        ("Latest ETA kept (inside range)", s => P(s.LatestKeptShare)),
        ("Range width, mean (days)", s => D(s.MeanWidthDays)),
        ("Range width, p90 (days)", s => D(s.P90WidthDays)),
        ("Rolling backorders", s => $"{N(s.RollingBackorders)} ({P(s.RollingShare)})"),
        ("Time to fill, mean (days)", s => D(s.MeanTimeToFillDays)),
        ("Customers who waited > 10 days", s => $"{N(s.WaitedOverTenDays)} ({P(s.WaitedOverTenDaysShare)})"),
        ("Next-year orders lost, estimate", s => s.ExpectedOrdersLost.ToString("0.0", Invariant)),
        ("Backordered lines cancelled", s => $"{N(s.CancelledBackorderedLines)} ({P(s.CancellationRate)})"),
        ("Lines still waiting at the end", s => N(s.StillWaiting)),
    ];

    /// <summary>The one-line summary the command prints last.</summary>
    public static string LastLine(ReplayScore overall) =>
        string.Create(Invariant, $"first-quoted ETAs kept: {overall.FirstKeptShare:0.0}% ({overall.FirstKept} of {overall.QuotedShipped} lines), mean range width {overall.MeanWidthDays:0.0} days");

    public static void WriteTable(ReplayResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Score of the orders placed {result.ScoredFrom:yyyy-MM-dd} to {result.LastDay:yyyy-MM-dd} ({result.Arguments.Profile.Name} warehouse, seed {result.Arguments.Seed}):");
        var scopes = result.Scores;
        var header = new[] { "" }.Concat(scopes.Select(s => s.Scope)).ToArray();
        var rows = Rows.Select(r => new[] { r.Name }.Concat(scopes.Select(r.Cell)).ToArray()).ToList();
        WriteColumns(output, header, rows);

        output.WriteLine();
        output.WriteLine("First-quoted ETAs by supplier:");
        WriteColumns(
            output,
            ["supplier", "name", "lines", "kept", "mean width (days)", "range used now"],
            result.Suppliers.Select(s => new[] { s.Code, s.Name, N(s.QuotedShipped), P(s.FirstKeptShare), D(s.MeanWidthDays), s.EtaRange }).ToList());

        output.WriteLine();
        output.WriteLine("Quantile choices compared on the same first quotes (kept / mean width in days; * chosen: the narrowest keeping 95% of these quotes and of the receipts):");
        var (choiceHeader, choiceRows) = ChoiceTable(result);
        WriteColumns(output, choiceHeader, choiceRows);

        var log = result.Log;
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"Orders sent {log.OrdersSent:N0} (refused {log.OrdersRefused:N0}), shipments {log.Shipments:N0}, purchase orders {log.PurchaseOrders:N0}, trucks {log.Trucks:N0}, delays announced {log.SlipsAnnounced:N0}, customer cancellations {log.CustomerCancellations:N0}."));
        output.WriteLine(result.Verify);
        output.WriteLine("Time spent: " + string.Join(", ", log.TimeSpent.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value.TotalSeconds.ToString("0.0", Invariant)} s")) + ".");
        output.WriteLine($"Replayed in {result.Elapsed.TotalSeconds.ToString("0.0", Invariant)} s. Report: {result.ReportPath}  Database: {result.DatabasePath}");
        output.WriteLine(LastLine(result.Overall));
    }

    public static string Html(ReplayResult result)
    {
        var html = new StringBuilder();
        var title = $"BackorderDesk replay: {result.Arguments.Profile.Name} warehouse, seed {result.Arguments.Seed}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}table{border-collapse:collapse;margin:1rem 0}")
            .Append("th,td{border:1px solid #c4c4c4;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("caption{text-align:left;font-weight:600;margin-bottom:.4rem}figure{margin:1.5rem 0}svg text{font-size:12px;fill:#1b1b1b}</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1>")
            .Append("<p>").Append(E($"Orders placed {result.ScoredFrom:yyyy-MM-dd} to {result.LastDay:yyyy-MM-dd}, after {result.Arguments.WarmupDays} days of history. Replayed in {result.Elapsed.TotalSeconds.ToString("0.0", Invariant)} s.")).Append("</p>")
            .Append("<p><strong>").Append(E(LastLine(result.Overall))).Append("</strong></p>");

        html.Append("<table><caption>Score, overall and per client</caption><thead><tr><th scope=\"col\">Measure</th>");
        foreach (var scope in result.Scores)
        {
            html.Append("<th scope=\"col\">").Append(E(scope.Scope)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (name, cell) in Rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th>");
            foreach (var scope in result.Scores)
            {
                html.Append("<td>").Append(E(cell(scope))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        html.Append("<table><caption>First-quoted ETAs by supplier</caption><thead><tr><th scope=\"col\">Supplier</th><th scope=\"col\">Name</th><th scope=\"col\">Lines</th><th scope=\"col\">Kept</th><th scope=\"col\">Mean width (days)</th><th scope=\"col\">Range used now</th></tr></thead><tbody>");
        foreach (var s in result.Suppliers)
        {
            html.Append("<tr><td>").Append(E(s.Code)).Append("</td><td>").Append(E(s.Name)).Append("</td><td>").Append(N(s.QuotedShipped))
                .Append("</td><td>").Append(P(s.FirstKeptShare)).Append("</td><td>").Append(D(s.MeanWidthDays)).Append("</td><td>").Append(E(s.EtaRange)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        var (header, rows) = ChoiceTable(result);
        html.Append("<table><caption>Quantile choices compared on the same first quotes: kept / mean width in days; * chosen: the narrowest that keeps 95% of these quotes and of the receipts</caption><thead><tr>");
        foreach (var cell in header)
        {
            html.Append("<th scope=\"col\">").Append(E(cell)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        html.Append(ReplayCharts.AccuracyAgainstWidth(
            "First quotes kept against mean range width, per supplier and quantile choice (filled: the chosen one, the narrowest that keeps 95% of these quotes and of the receipts)",
            result.Tuning.OrderBy(t => t.Key, StringComparer.Ordinal)
                .SelectMany(t => t.Value.Scores.Where(c => c.Lines > 0).Select(c => new ReplayCharts.Point(t.Key, c.Choice.ToString(), c.MeanWidthDays, c.KeptShare * 100, c.Choice == t.Value.Chosen)))
                .ToList()));
        html.Append(ReplayCharts.AccuracyAgainstWidth(result.Suppliers));
        html.Append(ReplayCharts.WaitingOverTime(result.Log.Days));
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>Per supplier, each candidate quantile pair's counterfactual score on the scored first quotes.</summary>
    private static (string[] Header, List<string[]> Rows) ChoiceTable(ReplayResult result)
    {
        var candidates = Domain.EtaRangeChoice.Candidates;
        var header = new[] { "supplier", "lines" }.Concat(candidates.Select(c => c.ToString())).ToArray();
        var rows = result.Tuning.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        {
            var lines = t.Value.Scores.Select(c => c.Lines).DefaultIfEmpty(0).Max();
            return new[] { t.Key, N(lines) }.Concat(candidates.Select(choice =>
            {
                var score = t.Value.Scores.FirstOrDefault(c => c.Choice == choice);
                return score is null || score.Lines == 0
                    ? "–"
                    : $"{P(score.KeptShare * 100)} / {D(score.MeanWidthDays)}{(t.Value.Chosen == choice ? " *" : "")}";
            })).ToArray();
        }).ToList();
        return (header, rows);
    }

    private static void WriteColumns(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
        Line(header);
        output.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        rows.ForEach(Line);
    }

    private static string N(int n) => n.ToString("N0", Invariant);

    private static string P(double percent) => percent.ToString("0.0", Invariant) + "%";

    private static string D(double days) => days.ToString("0.0", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
