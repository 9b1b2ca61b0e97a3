using BackorderDesk.Data;
using BackorderDesk.Features.Replay;
using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.LiveDemo;

/// <summary>
/// While the <see cref="LiveDemoSwitch"/> is on, moves the warehouse in the database on the app's
/// clock: an order every few seconds (exponential gaps around <c>OrderEverySeconds</c>), a truck
/// every <c>TruckEverySeconds</c>, a few shipments every <c>ShipEverySeconds</c> and the suggested
/// purchase orders every <c>PurchaseOrdersEverySeconds</c>. With several instances on one database
/// only the one holding the live demo's lease generates; the others stand by. A failed step is
/// logged and the demo goes on.
/// </summary>
public sealed class LiveDemoService(
    LiveDemoSwitch demo,
    LiveDemoCatalog catalog,
    LiveDemoSteps steps,
    BackgroundLeases leases,
    TimeProvider time,
    IOptionsMonitor<BackorderDeskOptions> options,
    ILogger<LiveDemoService> logger) : BackgroundService
{
    public const string NothingToSell = "The warehouse has no SKU to sell yet: create SKUs (or start on the demo warehouse) and orders follow.";

    public const string StepFailed = "The last step failed (the log says why); the live demo goes on.";

    // The order the steps of one moment run in: stock in before it goes out, orders last.
    private static readonly string[] Kinds = [LiveDemoKinds.Truck, LiveDemoKinds.Shipment, LiveDemoKinds.PurchaseOrder, LiveDemoKinds.Order];

    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(50);

    private readonly Random _random = new();
    private WarehouseSimulation? _simulation;

    /// <summary>Long enough to outlast the longest quiet spell between two steps of the holder.</summary>
    public static TimeSpan LeaseDuration(LiveDemoOptions settings) =>
        TimeSpan.FromSeconds(Math.Max(120, 2 * new[] { settings.TruckEverySeconds, settings.ShipEverySeconds, settings.PurchaseOrdersEverySeconds }.Min()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!demo.IsOn)
            {
                logger.LogDebug("The live demo is off; it waits to be switched on.");
                await demo.WhenOnAsync(stoppingToken);
                continue;
            }

            await RunWhileOnAsync(stoppingToken);
        }
    }

    private async Task RunWhileOnAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var schedule = Kinds.ToDictionary(k => k, k => now + Interval(k, options.CurrentValue.LiveDemo));
        _simulation = null;
        while (demo.IsOn)
        {
            var next = schedule.Values.Min();
            // The timer is set before the log says so: whoever moves the clock on hearing it moves it past a set timer.
            var wait = next - time.GetUtcNow();
            var timer = wait > TimeSpan.Zero ? Task.Delay(wait, time, ct) : Task.CompletedTask;
            logger.LogDebug("The next live demo event is at {Next:u}.", next);
            await timer;

            if (!demo.IsOn)
            {
                return;
            }

            now = time.GetUtcNow();
            var settings = options.CurrentValue.LiveDemo;
            // A timer may fire a moment early; what is due within the moment runs now.
            var due = Kinds.Where(k => schedule[k] <= now + Moment).ToList();
            foreach (var kind in due)
            {
                schedule[kind] = now + Interval(kind, settings);
            }

            if (!await HoldsLeaseAsync(settings, ct))
            {
                continue;
            }

            foreach (var kind in due)
            {
                await StepAsync(kind, settings, ct);
            }
        }
    }

    private async Task<bool> HoldsLeaseAsync(LiveDemoOptions settings, CancellationToken ct)
    {
        try
        {
            if (await leases.TryTakeAsync(BackgroundLeases.LiveDemo, LeaseDuration(settings), ct))
            {
                if (demo.StandingBy)
                {
                    logger.LogInformation("This app instance now generates the live demo.");
                    demo.Report(standingBy: false, demo.Problem);
                    _simulation = null;
                }

                return true;
            }

            if (!demo.StandingBy)
            {
                logger.LogInformation("Another app instance generates the live demo; this one stands by.");
            }

            demo.Report(standingBy: true, problem: null);
            return false;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The live demo could not take its lease; it tries again at its next step.");
            demo.Report(standingBy: false, StepFailed);
            return false;
        }
    }

    private async Task StepAsync(string kind, LiveDemoOptions settings, CancellationToken ct)
    {
        try
        {
            var done = kind switch
            {
                LiveDemoKinds.Truck => await steps.ReceiveTruckAsync(ct),
                LiveDemoKinds.Shipment => await steps.ShipAsync(Math.Max(1, settings.OrdersPerShipment), ct),
                LiveDemoKinds.PurchaseOrder => await OrderSuggestedAsync(ct),
                _ => await PlaceOrderAsync(ct),
            };
            if (done is not null)
            {
                logger.LogDebug("Live demo {Kind} {Reference}: {Detail}.", done.Kind, done.Reference, done.Detail);
                demo.Record(done);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "A live demo {Kind} step failed; the live demo goes on.", kind);
            demo.Report(standingBy: false, StepFailed);
        }
    }

    private async Task<LiveDemoActivity?> PlaceOrderAsync(CancellationToken ct)
    {
        _simulation ??= await catalog.LoadAsync(ct);
        if (_simulation is null)
        {
            demo.Report(standingBy: false, NothingToSell);
            return null;
        }

        return await steps.PlaceOrderAsync(_simulation, _random, ct);
    }

    private async Task<LiveDemoActivity?> OrderSuggestedAsync(CancellationToken ct)
    {
        // Now and then the generator also picks up SKUs and customers added since it was built.
        _simulation = null;
        return await steps.OrderSuggestedAsync(ct);
    }

    private TimeSpan Interval(string kind, LiveDemoOptions settings) => kind switch
    {
        // Orders arrive as a Poisson stream: exponential gaps around the mean.
        LiveDemoKinds.Order => TimeSpan.FromSeconds(Math.Max(0.2, -Math.Log(1 - _random.NextDouble()) * Math.Max(0.5, settings.OrderEverySeconds))),
        LiveDemoKinds.Truck => TimeSpan.FromSeconds(Math.Max(1, settings.TruckEverySeconds)),
        LiveDemoKinds.Shipment => TimeSpan.FromSeconds(Math.Max(1, settings.ShipEverySeconds)),
        _ => TimeSpan.FromSeconds(Math.Max(1, settings.PurchaseOrdersEverySeconds)),
    };
}
