using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackorderDesk.Tests.ScaleOut;

/// <summary>
/// Two instances of the built app, each its own process on its own port, sharing one PostgreSQL
/// database (a test database of its own) and the Redis of <c>./test.sh</c> (on a channel prefix of
/// their own): the way several instances run behind a load balancer. Development, so that the demo
/// users exist; no demo data.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    public const string ApiKey = "two-instances-integration-key";

    private readonly List<AppProcess> _processes = [];

    private TwoInstances(PostgresTestDatabase database, string folder)
    {
        Database = database;
        Folder = folder;
    }

    public PostgresTestDatabase Database { get; }

    public string Folder { get; }

    public string ChannelPrefix { get; } = $"bod-test-{Guid.NewGuid():N}";

    public AppProcess A => _processes[0];

    public AppProcess B => _processes[1];

    /// <summary>Starts A, then B (one after the other: each start-up makes sure the demo users exist).</summary>
    public static async Task<TwoInstances> StartAsync(CancellationToken ct)
    {
        var instances = new TwoInstances(await PostgresTestDatabase.CreateAsync(), Directory.CreateTempSubdirectory("bod-two-").FullName);
        try
        {
            foreach (var name in new[] { "instance-A", "instance-B" })
            {
                var app = AppProcess.StartServer(name, instances.Environment());
                instances._processes.Add(app);

                // Generous: a loaded 2-core machine takes seconds to start the app.
                await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90), ct);
            }

            return instances;
        }
        catch
        {
            await instances.DisposeAsync();
            throw;
        }
    }

    public Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        [$"ConnectionStrings__{BackorderDesk.Data.DataServices.ConnectionStringName}"] = Database.ConnectionString,
        [$"{BackorderDeskOptions.Section}__Database__Provider"] = "Postgres",
        [$"{BackorderDeskOptions.Section}__Redis"] = InstanceFeedRelayTests.RedisServer,
        [$"{BackorderDeskOptions.Section}__RedisChannelPrefix"] = ChannelPrefix,
        [$"{BackorderDeskOptions.Section}__SeedDemoData"] = "false",
        [$"{BackorderDeskOptions.Section}__DemoPassword"] = DeskSignIn.Password,
        [$"{BackorderDeskOptions.Section}__Mail__Enabled"] = "false",
        [$"{BackorderDeskOptions.Section}__Mail__PickupFolder"] = Path.Combine(Folder, "mail"),
        [$"{BackorderDeskOptions.Section}__Planning__NightlyEnabled"] = "false",
        [$"{BackorderDeskOptions.Section}__LiveDemo__Enabled"] = "false",
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Name"] = "two-instances",
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Key"] = ApiKey,
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Role"] = ApiRoles.Integration,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>An API client of one instance, with the integration key.</summary>
    public static HttpClient Api(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, ApiKey);
        return client;
    }

    /// <summary>A hub connection to one instance (WebSockets, the integration key), not yet started.</summary>
    public static HubConnection Hub(AppProcess app) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress!, $"{BackorderDesk.Live.WarehouseHub.Path}?apiKey={ApiKey}"), o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .Build();

    /// <summary>A supplier and a backorderable SKU with one barcode, created through one instance's API.</summary>
    public static async Task AddSkuAsync(HttpClient api, string sku, CancellationToken ct)
    {
        using (var supplier = await api.PostAsJsonAsync("/api/suppliers", new { code = "SUP-" + sku, name = "Supplier of " + sku, leadTimeDays = 7 }, ct))
        {
            await AssertCreatedAsync(supplier);
        }

        using var created = await api.PostAsJsonAsync("/api/skus", new { sku, name = $"Item {sku}", barcodes = new[] { "BC-" + sku }, policy = "Backorderable", supplier = "SUP-" + sku }, ct);
        await AssertCreatedAsync(created);
    }

    public static async Task AssertCreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task AssertCreatedOrOkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs the app's <c>verify</c> command on the shared database; asserts it exits 0 and says clean.</summary>
    public async Task AssertVerifyIsCleanAsync(CancellationToken ct)
    {
        var verify = await AppProcess.RunToEndAsync("verify", ["verify"], Environment(), TimeSpan.FromSeconds(120), ct);
        _processes.Add(verify);
        Assert.True(verify.ExitCode == 0, $"verify exited with {verify.ExitCode}:\n{verify.Output}");
        Assert.Contains("clean", verify.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes every process's output to the test output and, whole, to a file per process in
    /// $BOD_ARTIFACTS (call it when a test fails).
    /// </summary>
    public void WriteOutput()
    {
        var output = TestContext.Current.TestOutputHelper;
        var folder = System.Environment.GetEnvironmentVariable("BOD_ARTIFACTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryPaths.Root, "TestResults", "artifacts");
        Directory.CreateDirectory(folder);
        foreach (var process in _processes)
        {
            var file = Path.Combine(folder, $"{ChannelPrefix}-{process.Name}.log");
            File.WriteAllText(file, process.Output);
            output?.WriteLine($"--- {process.Name} (pid {process.Id}), whole output in {file} ---");
            output?.WriteLine(process.Output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
