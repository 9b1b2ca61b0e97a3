namespace BackorderDesk.Features.Planning;

/// <summary>
/// The one planning run at a time, shared by the nightly service and the Planning page's
/// "Recompute now": its progress and last result are here for every open page to show.
/// </summary>
public sealed class PlanningRuns(RecomputePlanning recompute, ILogger<PlanningRuns> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Raised on every progress step and at the end of a run, on the run's thread.</summary>
    public event Action? Changed;

    public RecomputeProgress? Progress { get; private set; }

    public RecomputeResult? LastResult { get; private set; }

    public string? LastError { get; private set; }

    public bool IsRunning => Progress is not null;

    /// <summary>Runs a recompute unless one is already running (then null: that run's progress shows).</summary>
    public async Task<RecomputeResult?> TryRunAsync(string? client, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        try
        {
            LastError = null;
            Report(new RecomputeProgress("Starting", 0, 0));
            var result = await recompute.HandleAsync(client, new Reporter(this), cancellationToken);
            LastResult = result;
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The planning recompute failed.");
            LastError = ex.Message;
            throw;
        }
        finally
        {
            Progress = null;
            _gate.Release();
            Notify();
        }
    }

    private void Report(RecomputeProgress progress)
    {
        Progress = progress;
        Notify();
    }

    private void Notify()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A planning progress listener failed.");
        }
    }

    // Progress<T> would post to a captured context; the listeners marshal to their own.
    private sealed class Reporter(PlanningRuns runs) : IProgress<RecomputeProgress>
    {
        public void Report(RecomputeProgress value) => runs.Report(value);
    }
}
