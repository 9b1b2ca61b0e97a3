namespace BackorderDesk.Components;

/// <summary>
/// Runs a component's data-changing action once at a time. Ten fast clicks reach the circuit as ten
/// events before the browser has shown the button as disabled; the circuit handles them one after
/// the other, and every one after the first arrives while the first still awaits its use case.
/// <see cref="IsBusy"/> is set before the action's first await, so those events are dropped here,
/// and the button bound to it (<c>Disabled="_action.IsBusy"</c>) is disabled at the next render.
/// </summary>
public sealed class ActionGuard
{
    /// <summary>True while an action runs: bind the action's buttons' <c>Disabled</c> to it.</summary>
    public bool IsBusy { get; private set; }

    /// <summary>Runs <paramref name="action"/> unless another action of this guard is still running.</summary>
    /// <returns>False when the action was dropped because another one was running.</returns>
    public async Task<bool> RunAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsBusy)
        {
            return false;
        }

        IsBusy = true;
        try
        {
            await action();
            return true;
        }
        finally
        {
            IsBusy = false;
        }
    }
}
