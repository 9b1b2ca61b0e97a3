using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.LiveDemo;

/// <summary>Something the live demo did: what, which order or purchase order, and when.</summary>
/// <param name="Kind">order, truck, shipment or purchase order.</param>
public sealed record LiveDemoActivity(string Kind, string Reference, string Detail, DateTimeOffset At);

/// <summary>
/// Whether this app instance's live demo is on, and what it did last. Starts as
/// <c>BackorderDesk:LiveDemo:Enabled</c> says; a manager's switch changes it until the instance
/// restarts. Every instance has its own: the setting is not shared through the database.
/// </summary>
public sealed class LiveDemoSwitch
{
    /// <summary>Who may switch it: admins and managers, the people who may change stock by hand.</summary>
    public const string Policy = Policies.AdjustStock;

    private readonly Lock _lock = new();
    private TaskCompletionSource _on = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _isOn;

    public LiveDemoSwitch(IOptions<BackorderDeskOptions> options)
    {
        if (options.Value.LiveDemo.Enabled)
        {
            _isOn = true;
            _on.SetResult();
        }
    }

    public bool IsOn
    {
        get
        {
            lock (_lock)
            {
                return _isOn;
            }
        }
    }

    /// <summary>Who last switched it, and when (null: as configured at start-up).</summary>
    public (string By, DateTimeOffset At)? LastSwitch { get; private set; }

    /// <summary>On, but another app instance holds the live demo's lease and generates for the warehouse.</summary>
    public bool StandingBy { get; private set; }

    public LiveDemoActivity? LastOrder { get; private set; }

    public LiveDemoActivity? LastTruck { get; private set; }

    public LiveDemoActivity? LastShipment { get; private set; }

    public LiveDemoActivity? LastPurchaseOrder { get; private set; }

    /// <summary>Why the live demo has nothing to generate or its last step failed; null when all is well.</summary>
    public string? Problem { get; private set; }

    /// <summary>The most recent of the above.</summary>
    public LiveDemoActivity? Last =>
        new[] { LastOrder, LastTruck, LastShipment, LastPurchaseOrder }.Where(a => a is not null).MaxBy(a => a!.At);

    /// <summary>Raised (on the caller's thread) whenever the state or the last activity changes.</summary>
    public event Action? Changed;

    public void Switch(bool on, string by, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_isOn == on)
            {
                return;
            }

            _isOn = on;
            if (on)
            {
                _on.TrySetResult();
            }
            else
            {
                _on = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                StandingBy = false;
            }

            LastSwitch = (by, at);
        }

        Changed?.Invoke();
    }

    /// <summary>Completes when the live demo is (or gets) switched on.</summary>
    public Task WhenOnAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _on.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Record(LiveDemoActivity activity)
    {
        switch (activity.Kind)
        {
            case LiveDemoKinds.Order:
                LastOrder = activity;
                break;
            case LiveDemoKinds.Truck:
                LastTruck = activity;
                break;
            case LiveDemoKinds.Shipment:
                LastShipment = activity;
                break;
            default:
                LastPurchaseOrder = activity;
                break;
        }

        Problem = null;
        Changed?.Invoke();
    }

    internal void Report(bool standingBy, string? problem)
    {
        if (StandingBy == standingBy && Problem == problem)
        {
            return;
        }

        StandingBy = standingBy;
        Problem = problem;
        Changed?.Invoke();
    }
}

public static class LiveDemoKinds
{
    public const string Order = "order";
    public const string Truck = "truck";
    public const string Shipment = "shipment";
    public const string PurchaseOrder = "purchase order";
}
