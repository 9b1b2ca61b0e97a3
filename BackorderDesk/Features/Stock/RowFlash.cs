namespace BackorderDesk.Features.Stock;

/// <summary>
/// Which grid rows flash, and until when. Keys are noted from the change feed's thread and started,
/// read and expired on the renderer's, hence the lock.
/// </summary>
public sealed class RowFlash(TimeProvider time, TimeSpan duration)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public TimeSpan Duration => duration;

    /// <summary>Notes rows to flash at the next <see cref="Start"/>; true when there was any.</summary>
    public bool Note(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            var any = false;
            foreach (var key in keys)
            {
                _pending.Add(key);
                any = true;
            }

            return any;
        }
    }

    /// <summary>The noted rows flash from now for <see cref="Duration"/> (a row noted again flashes longer).</summary>
    public void Start()
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + duration;
            foreach (var key in _pending)
            {
                _until[key] = until;
            }

            _pending.Clear();
        }
    }

    public bool IsFlashing(string key)
    {
        lock (_gate)
        {
            return _until.TryGetValue(key, out var until) && until > time.GetUtcNow();
        }
    }

    /// <summary>Forgets the flashes that are over.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var key in _until.Where(f => f.Value <= now).Select(f => f.Key).ToList())
            {
                _until.Remove(key);
            }
        }
    }
}
