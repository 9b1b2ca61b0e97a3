using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Hosting;

/// <summary>
/// Operators configure a deployed BackorderDesk through environment variables (<c>Section__Key</c>).
/// These tests start the built app as its own process, as an operator would, because environment
/// variables are process-wide and cannot be set for one in-memory test host without leaking into others.
/// </summary>
public sealed partial class EnvironmentConfigurationTests
{
    [Fact]
    public async Task Environment_variables_choose_the_database_file_and_turn_off_demo_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("bod-env-");
        var databasePath = Path.Combine(folder.FullName, "not-yet-created", "desk.db");
        try
        {
            await using (var app = await RunningApp.StartAsync(new Dictionary<string, string>
            {
                ["ConnectionStrings__BackorderDesk"] = $"Data Source={databasePath};Pooling=False",
                ["BackorderDesk__SeedDemoData"] = "false",
            }, ct))
            {
                using var http = new HttpClient { BaseAddress = app.Address };
                var health = await http.GetAsync("/healthz", ct);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            Assert.True(File.Exists(databasePath), $"The app did not create {databasePath}.");
            await using var db = DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, $"Data Source={databasePath};Pooling=False");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Equal(0, await db.Skus.CountAsync(ct));
            Assert.Equal(0, await db.Orders.CountAsync(ct));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The app's own build output, run with <c>dotnet BackorderDesk.dll</c> on a free loopback port.</summary>
    private sealed partial class RunningApp : IAsyncDisposable
    {
        private readonly Process _process;

        private RunningApp(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<RunningApp> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(DotnetHost(), [typeof(Program).Assembly.Location])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Watch(e.Data);
            process.ErrorDataReceived += (_, e) => Watch(e.Data);
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
                $"The app exited before listening:{Environment.NewLine}{string.Join(Environment.NewLine, output)}"));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            try
            {
                var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                return new RunningApp(process, address);
            }
            catch
            {
                await StopAsync(process);
                throw;
            }

            void Watch(string? line)
            {
                if (line is null)
                {
                    return;
                }

                output.Enqueue(line);
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups["url"].Value));
                }
            }
        }

        public ValueTask DisposeAsync() => new(StopAsync(_process));

        private static async Task StopAsync(Process process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }

        /// <summary>The <c>dotnet</c> host that runs this test process: the shared runtime sits three folders below it.</summary>
        private static string DotnetHost()
        {
            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }

        [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
        private static partial Regex ListeningOn();
    }
}
