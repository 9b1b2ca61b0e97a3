using System.Diagnostics;
using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Features.Verify;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Replay;

/// <summary>The replay's command line, checked.</summary>
public sealed record ReplayArguments(int Days, int Seed, SimulationProfile Profile, int WarmupDays, DateOnly Start, string OutputFolder)
{
    public const int MaxDays = 3_650;

    public static readonly DateOnly DefaultStart = new(2026, 1, 5);

    public const string Usage =
        "usage: replay [--days 180] [--seed 7] [--profile Small|Default|Large] [--warmup 30] [--start 2026-01-05] [--out App_Data/replay]";

    /// <summary>Reads the arguments after <c>replay</c>; an error says what to fix.</summary>
    public static ReplayArguments Parse(IReadOnlyList<string> args, string contentRoot)
    {
        var (days, seed, profile, warmup, start, output) = (180, 7, SimulationProfile.Default, 30, DefaultStart, Path.Combine(contentRoot, "App_Data", "replay"));
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value. {Usage}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--days":
                    days = Whole(name, value, 1, MaxDays);
                    break;
                case "--seed":
                    seed = Whole(name, value, 0, int.MaxValue);
                    break;
                case "--warmup":
                    warmup = Whole(name, value, 0, MaxDays);
                    break;
                case "--profile":
                    profile = SimulationProfile.Parse(value);
                    break;
                case "--start":
                    start = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        ? day
                        : throw new ArgumentException($"--start '{value}' is not a date; write it as yyyy-MM-dd, e.g. 2026-01-05.");
                    break;
                case "--out":
                    output = Path.GetFullPath(value);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'. {Usage}");
            }
        }

        return new ReplayArguments(days, seed, profile, warmup, start, output);
    }

    private static int Whole(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} '{value}' must be a whole number from {min} to {max}.");
}

/// <summary>
/// <c>replay --days 180 --seed 7 [--profile …]</c>: builds a fresh warehouse on an embedded SQLite file,
/// plays the simulated days through the product's own services on a simulated clock, then prints
/// the score and writes it as an HTML report next to the database. The last line printed is the
/// first-quoted ETA accuracy. Exit codes: 0 done, 1 done but <c>verify</c> found drift, 2 bad arguments or an unwritable folder.
/// </summary>
public static class ReplayCommand
{
    public const string Name = "replay";

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ReplayArguments arguments;
        try
        {
            arguments = ReplayArguments.Parse(args, Directory.GetCurrentDirectory());
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync($"replay: {ex.Message}");
            return 2;
        }

        var result = await RunAsync(arguments, output, cancellationToken);
        return result is null ? 2 : result.VerifyClean ? 0 : 1;
    }

    /// <summary>Runs one replay; null when its files could not be written (said on <paramref name="output"/>).</summary>
    public static async Task<ReplayResult?> RunAsync(ReplayArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var name = $"replay-{arguments.Profile.Name.ToLowerInvariant()}-seed{arguments.Seed}";
        var database = Path.Combine(arguments.OutputFolder, name + ".db");
        try
        {
            Directory.CreateDirectory(arguments.OutputFolder);
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"replay: cannot write to {arguments.OutputFolder} ({ex.Message}). Choose another folder with --out.");
            return null;
        }

        var totalDays = arguments.WarmupDays + arguments.Days;
        await output.WriteLineAsync(
            $"Replaying {arguments.Days} days ({arguments.WarmupDays} days of history before them) of the {arguments.Profile.Name} warehouse, seed {arguments.Seed}, from {arguments.Start:yyyy-MM-dd}…");
        // The clock starts with the suppliers' year of history before the first day.
        var clock = new SimulatedClock(new DateTimeOffset(arguments.Start.AddDays(-ReplayRun.SupplierHistoryDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        await using var app = BuildHost(database, clock);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using (var db = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var simulation = WarehouseSimulation.Create(arguments.Profile, arguments.Start, totalDays, new Random(arguments.Seed));
        var run = new ReplayRun(services, clock, simulation, arguments.Seed, new Progress<string>(line => output.WriteLine("  " + line)));
        await run.RunAsync(arguments.WarmupDays, cancellationToken);

        // The replay wrote only through the product's commands; the invariants must hold as after any day's work.
        var verify = await services.GetRequiredService<WarehouseVerifier>().VerifyAsync(cancellationToken);
        var end = clock.GetUtcNow().UtcDateTime;
        await using var scoreDb = await services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(cancellationToken);
        var (scores, suppliers) = await ReplayScoring.ComputeAsync(scoreDb, run.ScoredFrom, end, cancellationToken);

        // Every quantile choice replayed on the same first quotes: what each would have kept, and how wide.
        var tuning = await services.GetRequiredService<EtaRangeTuner>().EvaluateAsync(run.ScoredFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken);
        var result = new ReplayResult(arguments, run.ScoredFrom, DateOnly.FromDateTime(end), scores, suppliers, tuning, run.Log, verify.Summary, verify.IsClean, watch.Elapsed, database, Path.Combine(arguments.OutputFolder, name + ".html"));
        await File.WriteAllTextAsync(result.ReportPath, ReplayReport.Html(result), cancellationToken);
        ReplayReport.WriteTable(result, output);
        return result;
    }

    /// <summary>The app's services on a fresh SQLite file and the simulated clock; nothing runs in the background.</summary>
    private static WebApplication BuildHost(string database, SimulatedClock clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DataServices.ConnectionStringName] = $"Data Source={database}",
            ["BackorderDesk:Database:Provider"] = "Sqlite",
            ["BackorderDesk:SeedDemoData"] = "false",
            ["BackorderDesk:Redis"] = null,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        });
        builder.AddBackorderDesk();
        builder.Services.AddSingleton<TimeProvider>(clock);

        // Scoped services come from the replay's scope in every environment, as the app's requests do.
        builder.Host.UseDefaultServiceProvider(provider => provider.ValidateScopes = true);
        return builder.Build();
    }
}

/// <summary>A finished replay: its arguments, scores, log and where its files are.</summary>
public sealed record ReplayResult(
    ReplayArguments Arguments,
    DateOnly ScoredFrom,
    DateOnly LastDay,
    IReadOnlyList<ReplayScore> Scores,
    IReadOnlyList<SupplierScore> Suppliers,
    IReadOnlyDictionary<string, SupplierTuning> Tuning,
    ReplayLog Log,
    string Verify,
    bool VerifyClean,
    TimeSpan Elapsed,
    string DatabasePath,
    string ReportPath)
{
    public ReplayScore Overall => Scores[0];
}
