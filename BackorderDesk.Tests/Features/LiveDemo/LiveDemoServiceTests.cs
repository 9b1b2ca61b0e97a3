using System.Collections.Concurrent;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.LiveDemo;
using BackorderDesk.Tests.Features.Scheduling;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.LiveDemo;

/// <summary>
/// The live demo as the app runs it: a background service on the app's (fake) clock, over a real
/// SQLite warehouse, switched on and off through its switch. The clock starts on Monday 2 Nov 2026, 09:00 UTC.
/// </summary>
public sealed class LiveDemoServiceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Switched_on_it_places_an_order_of_the_catalog_each_time_one_is_due()
    {
        var log = new LiveDemoLog();
        await using var app = Host(log, truckEvery: 3600, shipEvery: 3600);
        var warehouse = Warehouse(app);
        await warehouse.AddSkuAsync("TENT");
        await warehouse.ReceiveAsync("TENT", 50);
        var demo = app.Services.GetRequiredService<LiveDemoSwitch>();
        await log.OffAsync();

        demo.Switch(true, "Demo manager", app.Clock.GetUtcNow());
        for (var i = 1; i <= 3; i++)
        {
            await log.NextWaitAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(60)); // every order gap is due by then; one order a wake
        }

        await log.NextWaitAsync();
        var orders = await LiveOrdersAsync(app);
        Assert.Equal(["LD-000001", "LD-000002", "LD-000003"], orders.Select(o => o.Number));
        var client = await ClientOfAsync(app, "TENT");
        Assert.All(orders, o => Assert.Equal(client, o.Client));
        Assert.All(orders, o => Assert.All(o.Skus, s => Assert.Equal("TENT", s)));
        Assert.Equal([Monday.AddSeconds(60).UtcDateTime, Monday.AddSeconds(120).UtcDateTime, Monday.AddSeconds(180).UtcDateTime], orders.Select(o => o.PlacedAt));
        Assert.Equal("LD-000003", demo.LastOrder!.Reference);
        Assert.Equal(Monday.AddSeconds(180), demo.LastOrder.At);
        Assert.Null(demo.Problem);
    }

    [Fact]
    public async Task A_truck_brings_the_purchase_order_due_first_and_its_units_go_to_the_waiting_order_then_out()
    {
        var log = new LiveDemoLog();
        await using var app = Host(log, orderEvery: 1_000_000, truckEvery: 30, shipEvery: 45);
        var warehouse = Warehouse(app);
        await warehouse.AddSkuAsync("TENT");
        await warehouse.AddPurchaseOrderAsync("PO-LATER", "TENT", 20, new DateOnly(2026, 11, 20));
        await warehouse.AddPurchaseOrderAsync("PO-DUE", "TENT", 10, new DateOnly(2026, 10, 30));
        await warehouse.PlaceAsync("SO-1", "TENT", 3);
        var demo = app.Services.GetRequiredService<LiveDemoSwitch>();
        await log.OffAsync();

        demo.Switch(true, "Demo manager", app.Clock.GetUtcNow());
        await log.NextWaitAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the truck
        await log.NextWaitAsync();

        Assert.Equal([("SO-1", 3, AllocationCause.Receipt)], await warehouse.AllocationsAsync("TENT"));
        Assert.Equal((10, 0), await ReceivedAsync(app, "PO-DUE", "PO-LATER"));
        Assert.Equal("PO-DUE", demo.LastTruck!.Reference);
        Assert.Equal("10 units received, 3 straight to waiting orders", demo.LastTruck.Detail);

        app.Clock.Advance(TimeSpan.FromSeconds(15)); // the shipping round
        await log.NextWaitAsync();
        var line = await warehouse.LineAsync("SO-1");
        Assert.Equal((3, 0), (line.ShippedQty, line.AllocatedQty));
        Assert.Equal("SO-1", demo.LastShipment!.Reference);
        Assert.Equal("1 order shipped, 3 units", demo.LastShipment.Detail);
    }

    [Fact]
    public async Task Switched_off_it_places_nothing_however_far_the_clock_moves()
    {
        var log = new LiveDemoLog();
        await using var app = Host(log, truckEvery: 3600, shipEvery: 3600);
        var warehouse = Warehouse(app);
        await warehouse.AddSkuAsync("TENT");
        await warehouse.ReceiveAsync("TENT", 50);
        var demo = app.Services.GetRequiredService<LiveDemoSwitch>();

        // Off from the start: the service waits for the switch, not for the clock.
        await log.OffAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(await LiveOrdersAsync(app));

        // On for one order, then off: the wake that follows does nothing and the service waits again.
        demo.Switch(true, "Demo manager", app.Clock.GetUtcNow());
        await log.NextWaitAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await log.NextWaitAsync();
        Assert.Single(await LiveOrdersAsync(app));

        demo.Switch(false, "Demo manager", app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await log.OffAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Single(await LiveOrdersAsync(app));
        Assert.False(demo.IsOn);
        Assert.Equal(("Demo manager", Monday.AddMinutes(11)), demo.LastSwitch);
    }

    [Fact]
    public async Task A_warehouse_without_skus_says_what_to_do_and_the_demo_goes_on()
    {
        var log = new LiveDemoLog();
        await using var app = Host(log, truckEvery: 3600, shipEvery: 3600);
        var demo = app.Services.GetRequiredService<LiveDemoSwitch>();
        await log.OffAsync();

        demo.Switch(true, "Demo manager", app.Clock.GetUtcNow());
        await log.NextWaitAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await log.NextWaitAsync();
        Assert.Equal(LiveDemoService.NothingToSell, demo.Problem);

        // A SKU created meanwhile is picked up: the generator is built again until there is something to sell.
        await Warehouse(app).AddSkuAsync("TENT");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await log.NextWaitAsync();
        Assert.Single(await LiveOrdersAsync(app));
        Assert.Null(demo.Problem);
    }

    [Fact]
    public async Task Two_instances_on_one_database_generate_once()
    {
        await using var w = await WriterHarness.CreateAsync();
        var warehouse = new ClockedWarehouse(w.Database, w.Writer);
        await warehouse.AddSkuAsync("TENT");
        await warehouse.ReceiveAsync("TENT", 50);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(w.Time)
            .AddSingleton<IDbContextFactory<WarehouseDbContext>>(w.Database)
            .AddSingleton(w.Options)
            .AddSingleton(w.Feed)
            .AddSingleton(w.Writer);
        services.AddOptions<BackorderDesk.Hosting.BackorderDeskOptions>();
        BackorderDesk.Hosting.AppComposition.AddDeskFeatures(services);
        await using var provider = services.BuildServiceProvider();

        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            var log = new LiveDemoLog();
            var demo = new LiveDemoSwitch(Microsoft.Extensions.Options.Options.Create(new BackorderDesk.Hosting.BackorderDeskOptions { LiveDemo = { Enabled = true } }));
            var steps = ActivatorUtilities.CreateInstance<LiveDemoSteps>(provider);
            var service = new LiveDemoService(demo, provider.GetRequiredService<LiveDemoCatalog>(), steps, new BackgroundLeases(w.Database, new AppInstance(), w.Time), w.Time, w.Options, log);
            return (Service: service, Log: log, Demo: demo);
        }).ToList();
        foreach (var instance in instances)
        {
            await instance.Service.StartAsync(Ct);
        }

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(instances.Select(x => x.Log.NextWaitAsync()));
            w.Time.Advance(TimeSpan.FromSeconds(60)); // both wake: an order (and, with the app's settings, a truck and a shipping round)
        }

        await Task.WhenAll(instances.Select(x => x.Log.NextWaitAsync()));
        foreach (var instance in instances)
        {
            await instance.Service.StopAsync(Ct);
            instance.Service.Dispose();
        }

        await using var db = w.Database.CreateDbContext();
        Assert.Equal(3, await db.Orders.CountAsync(o => o.Number.StartsWith(LiveDemoSteps.OrderPrefix), Ct));
        Assert.Single(instances, x => x.Demo.StandingBy);
        Assert.Single(instances, x => x.Demo.LastOrder is not null);
    }

    private static DeskTestHost Host(LiveDemoLog log, double orderEvery = 5, int truckEvery = 60, int shipEvery = 60) => new()
    {
        Time = new FakeTimeProvider(Monday),
        Settings =
        {
            [$"Logging:LogLevel:{typeof(LiveDemoService).FullName}"] = "Debug",
            ["BackorderDesk:LiveDemo:OrderEverySeconds"] = orderEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BackorderDesk:LiveDemo:TruckEverySeconds"] = truckEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BackorderDesk:LiveDemo:ShipEverySeconds"] = shipEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BackorderDesk:LiveDemo:PurchaseOrdersEverySeconds"] = "3600",
            ["BackorderDesk:Planning:NightlyEnabled"] = "false",
        },
        TestServices = services => services.AddSingleton<ILoggerProvider>(log),
    };

    private static ClockedWarehouse Warehouse(DeskTestHost app) =>
        new(app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>(), app.Services.GetRequiredService<WarehouseWriter>());

    private static async Task<List<(string Number, string Client, DateTime PlacedAt, List<string> Skus)>> LiveOrdersAsync(DeskTestHost app)
    {
        await using var db = await app.CreateDbContextAsync(Ct);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.Number.StartsWith(LiveDemoSteps.OrderPrefix))
            .OrderBy(o => o.Number)
            .Select(o => new { o.Number, Client = o.Client.Code, o.PlacedAt, Skus = o.Lines.Select(l => l.Sku.Code).ToList() })
            .ToListAsync(Ct);
        return rows.Select(r => (r.Number, r.Client, r.PlacedAt, r.Skus)).ToList();
    }

    private static async Task<string> ClientOfAsync(DeskTestHost app, string sku)
    {
        await using var db = await app.CreateDbContextAsync(Ct);
        return await db.Skus.Where(s => s.Code == sku).Select(s => s.Client.Code).SingleAsync(Ct);
    }

    private static async Task<(int, int)> ReceivedAsync(DeskTestHost app, string first, string second)
    {
        await using var db = await app.CreateDbContextAsync(Ct);
        var received = await db.PurchaseOrderLines.AsNoTracking()
            .Where(l => l.PurchaseOrder.Number == first || l.PurchaseOrder.Number == second)
            .Select(l => new { l.PurchaseOrder.Number, l.ReceivedQty })
            .ToDictionaryAsync(l => l.Number, l => l.ReceivedQty, Ct);
        return (received[first], received[second]);
    }

    /// <summary>
    /// The service's log. A background service runs on its own thread: before the clock moves, a test
    /// waits until the service said what it waits for (each such line is consumed once).
    /// </summary>
    private sealed class LiveDemoLog : ILogger<LiveDemoService>, ILoggerProvider
    {
        private readonly SemaphoreSlim _waits = new(0);
        private readonly SemaphoreSlim _offs = new(0);

        public ConcurrentQueue<string> Messages { get; } = new();

        /// <summary>Until the service said when its next step is.</summary>
        public Task NextWaitAsync() => WaitAsync(_waits, "waits for its next step");

        /// <summary>Until the service said it is off and waits for the switch.</summary>
        public Task OffAsync() => WaitAsync(_offs, "is off");

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(LiveDemoService).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            Messages.Enqueue(message + (exception is null ? "" : $" {exception}"));
            if (message.StartsWith("The next live demo event is at", StringComparison.Ordinal))
            {
                _waits.Release();
            }
            else if (message.StartsWith("The live demo is off", StringComparison.Ordinal))
            {
                _offs.Release();
            }
        }

        public void Dispose()
        {
        }

        private async Task WaitAsync(SemaphoreSlim signal, string what)
        {
            if (!await signal.WaitAsync(TimeSpan.FromSeconds(30), Ct))
            {
                throw new TimeoutException($"The live demo service never said it {what}. Its log: {string.Join(" | ", Messages)}");
            }
        }
    }
}
