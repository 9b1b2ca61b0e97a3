using System.Text.RegularExpressions;
using BackorderDesk.Data;
using BackorderDesk.Features.Replay;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Replay;

/// <summary>One short replay of the Small warehouse, shared by the tests that read what it did.</summary>
public sealed class SmallReplay : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bod-replay-" + Guid.NewGuid().ToString("N"));

    public ReplayResult Result { get; private set; } = null!;

    public string Output { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var output = new StringWriter();
        var arguments = ReplayArguments.Parse(["--days", "12", "--warmup", "6", "--profile", "Small", "--seed", "7", "--out", Folder], Folder);
        Result = await ReplayCommand.RunAsync(arguments, output, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("The replay wrote nothing:\n" + output);
        Output = output.ToString();
    }

    public WarehouseDbContext OpenDatabase() => DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Result.DatabasePath};Pooling=false");

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the system.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The replay command end to end on a real SQLite file: it runs the simulated days through the
/// product's services, the warehouse it leaves passes verify, and its score is what the database says.
/// </summary>
public sealed partial class ReplayCommandTests(SmallReplay replay) : IClassFixture<SmallReplay>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_last_line_printed_is_the_first_quoted_accuracy_in_the_agreed_form()
    {
        var lines = replay.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var last = lines[^1];
        Assert.Matches(LastLinePattern(), last);
        var overall = replay.Result.Overall;
        Assert.Equal(ReplayReport.LastLine(overall), last);
        Assert.Contains($"({overall.FirstKept} of {overall.QuotedShipped} lines)", last, StringComparison.Ordinal);
        Assert.True(overall.QuotedShipped > 0, "The replay shipped no backordered line with a quote; the score would say nothing.\n" + replay.Output);
    }

    [Fact]
    public void The_warehouse_the_replay_leaves_passes_verify_and_the_report_is_saved()
    {
        Assert.True(replay.Result.VerifyClean, replay.Result.Verify);
        Assert.Contains(": clean.", replay.Output, StringComparison.Ordinal);
        var html = File.ReadAllText(replay.Result.ReportPath);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ReplayReport.LastLine(replay.Result.Overall)), html, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\"", html, StringComparison.Ordinal);
        foreach (var scope in replay.Result.Scores)
        {
            Assert.Contains($"<th scope=\"col\">{scope.Scope}</th>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_score_counts_what_the_database_holds()
    {
        await using var db = replay.OpenDatabase();
        var since = replay.Result.ScoredFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order.PlacedAt >= since)
            .Select(l => new { l.OrderId, Client = l.Order.Client.Code, l.OrderedQty, l.AllocatedAtPlacementQty, l.BackorderedAt, l.ShippedAt, l.ShippedQty, l.CancelledQty, l.FirstEtaFrom, l.FirstEtaTo })
            .ToListAsync(Ct);
        var overall = replay.Result.Overall;

        Assert.Equal(lines.Select(l => l.OrderId).Distinct().Count(), overall.Orders);
        Assert.Equal(lines.Count, overall.Lines);
        Assert.Equal(lines.Count(l => l.BackorderedAt != null), overall.BackorderedLines);
        var shipped = lines.Where(l => l.BackorderedAt != null && l.FirstEtaTo != null && l.ShippedAt != null && l.ShippedQty == l.OrderedQty).ToList();
        Assert.Equal(shipped.Count, overall.QuotedShipped);
        Assert.Equal(
            shipped.Count(l => DateOnly.FromDateTime(l.ShippedAt!.Value) >= l.FirstEtaFrom && DateOnly.FromDateTime(l.ShippedAt!.Value) <= l.FirstEtaTo),
            overall.FirstKept);

        // Each client's column adds up to the overall one.
        var clients = replay.Result.Scores.Skip(1).ToList();
        Assert.Equal(lines.Select(l => l.Client).Distinct().Order(StringComparer.Ordinal), clients.Select(c => c.Scope));
        Assert.Equal(overall.Orders, clients.Sum(c => c.Orders));
        Assert.Equal(overall.QuotedShipped, clients.Sum(c => c.QuotedShipped));
        Assert.Equal(overall.FirstKept, clients.Sum(c => c.FirstKept));
    }

    [Fact]
    public async Task Everything_happened_on_the_simulated_clock_and_shipped_the_next_working_day()
    {
        await using var db = replay.OpenDatabase();
        var first = ReplayArguments.DefaultStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = replay.Result.LastDay.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc);
        var placed = await db.Orders.Select(o => o.PlacedAt).ToListAsync(Ct);
        Assert.NotEmpty(placed);
        Assert.All(placed, at => Assert.InRange(at, first, end));

        // Units allocated on a day leave on a later working day: the handling day every ETA counts.
        var shipped = await db.Allocations.AsNoTracking()
            .Where(a => a.Line.ShippedAt != null && a.Line.ShippedQty > 0)
            .Select(a => new { a.At, ShippedAt = a.Line.ShippedAt!.Value })
            .ToListAsync(Ct);
        Assert.NotEmpty(shipped);
        Assert.All(shipped, s =>
        {
            Assert.True(DateOnly.FromDateTime(s.ShippedAt) > DateOnly.FromDateTime(s.At), $"allocated {s.At:u}, shipped {s.ShippedAt:u}");
            Assert.False(s.ShippedAt.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"shipped on a {s.ShippedAt.DayOfWeek}");
        });

        // Trucks came through the receiving scans, each scan applied once.
        var scans = await db.ReceiptScans.CountAsync(Ct);
        Assert.True(scans > 0);
        Assert.Equal(scans, await db.ReceiptScans.Select(s => s.ScanId).Distinct().CountAsync(Ct));
    }

    [Fact]
    public async Task The_same_seed_plays_the_same_warehouse()
    {
        var folder = Path.Combine(replay.Folder, "again");
        var arguments = ReplayArguments.Parse(["--days", "12", "--warmup", "6", "--profile", "Small", "--seed", "7", "--out", folder], folder);
        var again = await ReplayCommand.RunAsync(arguments, TextWriter.Null, Ct);

        Assert.NotNull(again);
        Assert.Equal(replay.Result.Scores, again.Scores);
        Assert.Equal(replay.Result.Log.Days, again.Log.Days);
    }

    [Theory]
    [InlineData("--days", "0", "--days '0' must be a whole number from 1 to 3650.")]
    [InlineData("--days", "many", "--days 'many' must be a whole number from 1 to 3650.")]
    [InlineData("--profile", "Huge", "Unknown profile 'Huge': use Small, Default, Large.")]
    [InlineData("--start", "5/1/2026", "--start '5/1/2026' is not a date; write it as yyyy-MM-dd, e.g. 2026-01-05.")]
    [InlineData("--speed", "2", "Unknown option '--speed'.")]
    public async Task A_bad_argument_says_what_to_fix_and_runs_nothing(string name, string value, string message)
    {
        var output = new StringWriter();
        var exit = await ReplayCommand.RunAsync(["--out", Path.Combine(replay.Folder, "never"), name, value], output, Ct);

        Assert.Equal(2, exit);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(replay.Folder, "never")));
    }

    [Fact]
    public async Task An_option_without_its_value_is_refused()
    {
        var output = new StringWriter();
        Assert.Equal(2, await ReplayCommand.RunAsync(["--seed"], output, Ct));
        Assert.Contains("--seed needs a value.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_180_scored_days_of_the_default_warehouse_with_seed_7()
    {
        var arguments = ReplayArguments.Parse([], "/srv/desk");
        Assert.Equal((180, 7, "Default"), (arguments.Days, arguments.Seed, arguments.Profile.Name));
        Assert.Equal(Path.Combine("/srv/desk", "App_Data", "replay"), arguments.OutputFolder);
    }

    [GeneratedRegex(@"^first-quoted ETAs kept: \d{1,3}\.\d% \(\d+ of \d+ lines\), mean range width \d+\.\d days$")]
    private static partial Regex LastLinePattern();
}
