using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The built app run as its own operating-system process (<c>dotnet BackorderDesk.dll</c>), the way an
/// operator runs it, so that a test can kill it with SIGKILL and start it again on the same files.
/// Its standard output and error are kept (the tail of them) for the test to print when it fails.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 200_000;

    private static readonly Lazy<string> LazyAppDll = new(FindAppDll);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append("out", e.Data);
        _process.ErrorDataReceived += (_, e) => Append("err", e.Data);
    }

    /// <summary>The app's assembly in its own build output, next to its deps.json and runtimeconfig.json.</summary>
    public static string AppDll => LazyAppDll.Value;

    public string Name { get; }

    /// <summary>Where the app listens; null for a command that serves nothing.</summary>
    public Uri? BaseAddress { get; private init; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote so far, each line prefixed with the stream it came from.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app serving HTTP on a free loopback port with the given environment variables.</summary>
    public static AppProcess StartServer(string name, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Start(name, ["--urls", address.ToString().TrimEnd('/')], environment);
        return new AppProcess(process, name) { BaseAddress = address }.BeginReading();
    }

    /// <summary>Runs the app with a command (e.g. <c>verify</c>) to its end; kills it past <paramref name="timeout"/>.</summary>
    public static async Task<AppProcess> RunToEndAsync(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var app = new AppProcess(Start(name, arguments, environment), name).BeginReading();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await app._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await app.KillAsync();
            throw new TimeoutException($"{name} did not end within {timeout.TotalSeconds:0} s. Its output:\n{app.Output}");
        }

        return app;
    }

    /// <summary>
    /// Polls <c>/healthz</c> until it answers 200, the process ends (it failed to start) or the
    /// deadline passes; the last two throw with the process's output.
    /// </summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(BaseAddress);
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy. Its output:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            // Polling interval while the app starts; not a timing assertion.
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout.TotalSeconds:0} s (last answer: {last}). Its output:\n{Output}");
    }

    /// <summary>SIGKILL on Linux (kill -9): no shutdown code of the app runs. Waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private AppProcess BeginReading()
    {
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return this;
    }

    private static Process Start(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var dll = AppDll;
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only the test's configuration reaches the app: nothing the test host's own environment
        // happens to carry (an environment name, URLs, keys or connection strings).
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("BackorderDesk__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}: {info.FileName} {dll}.");
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append('[').Append(Name).Append(' ').Append(stream).Append("] ").AppendLine(line);
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, _output.Length - MaxOutputChars);
            }
        }
    }

    /// <summary>The dotnet host that runs the tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>
    /// The app project's own output for the configuration and framework the tests were built with
    /// (the test build builds it): BackorderDesk/bin/Debug/net10.0/ for BackorderDesk.Tests/bin/Debug/net10.0/.
    /// The copy in the test output would run too, but among the test's own assemblies: the app's
    /// own output is what an operator runs.
    /// </summary>
    private static string FindAppDll()
    {
        var testProject = Path.Combine(RepositoryPaths.Root, "BackorderDesk.Tests");
        var outputFolder = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var dll = Path.GetFullPath(Path.Combine(RepositoryPaths.AppProject, outputFolder, "BackorderDesk.dll"));
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"The app's build output {dll} (with its runtimeconfig.json) is missing; build Backorders.sln first.");
        }

        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
