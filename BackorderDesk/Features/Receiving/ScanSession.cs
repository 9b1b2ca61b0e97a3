namespace BackorderDesk.Features.Receiving;

/// <summary>A scan as the browser queued it: read whole on Enter, with its own scan id.</summary>
public sealed record QueuedScan(string ScanId, string Barcode, int? Qty, string? PurchaseOrder, string? Station);

/// <summary>What the browser answers when the page attaches: its station id and the scans not sent yet.</summary>
public sealed record AttachedStation(string? Station, IReadOnlyList<QueuedScan>? Waiting);

/// <summary>
/// How the current burst went. A burst is a run of scans each made within <see cref="ScanSession.BurstGap"/>
/// of the one before (or while earlier ones were still pending). One with a refusal goes on until the
/// clerk acknowledges it, so "2 of 10 scans not received" stays in view however many scans follow.
/// </summary>
public sealed record BurstSummary(int Total, int Received, int Refused, int Pending)
{
    public bool NeedsAttention => Refused > 0;

    /// <summary>The line to show, or null when there is nothing worth saying (a single good scan).</summary>
    public string? Text => this switch
    {
        { Refused: > 0, Total: 1 } => "1 scan not received",
        { Refused: > 0 } => $"{Refused} of {Total} scans not received",
        { Total: < 2 } => null,
        { Pending: > 0 } => $"Receiving {Total - Pending} of {Total} scans…",
        _ => $"All {Total} scans received",
    };
}

/// <summary>
/// The Receiving page's list: this station's recent scans from the database, then each scan of
/// this visit in the order it was made, each with its own answer.
/// </summary>
public sealed class ScanSession
{
    private readonly List<ScanEntry> _entries = [];
    private readonly Dictionary<string, ScanEntry> _byScanId = new(StringComparer.Ordinal);
    private readonly List<ScanEntry> _burst = [];
    private DateTimeOffset _lastScanAt = DateTimeOffset.MinValue;

    /// <summary>A pause longer than this between two scans ends a burst.</summary>
    public static readonly TimeSpan BurstGap = TimeSpan.FromSeconds(3);

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<ScanEntry> Entries => _entries;

    /// <summary>The scan made last (the big card shows it).</summary>
    public ScanEntry? Latest { get; private set; }

    public IReadOnlyList<ScanEntry> Burst => _burst;

    public BurstSummary Summary => new(
        _burst.Count,
        _burst.Count(e => e.Answer is not null),
        _burst.Count(e => e.Refused),
        _burst.Count(e => e.Pending));

    /// <summary>The refused scans of the burst, to scan again.</summary>
    public IEnumerable<ScanEntry> RefusedInBurst => _burst.Where(e => e.Refused);

    /// <summary>Adds a scan made at this station, or finds it when the browser sends it again.</summary>
    public ScanEntry Add(QueuedScan scan, DateTimeOffset at)
    {
        if (_byScanId.TryGetValue(scan.ScanId, out var known))
        {
            return known;
        }

        var burst = Summary;
        if (burst.Pending == 0 && !burst.NeedsAttention && at - _lastScanAt > BurstGap)
        {
            _burst.Clear();
        }

        _lastScanAt = at;

        var entry = new ScanEntry(scan.ScanId, scan.Barcode, scan.Qty ?? 0, at);
        _entries.Add(entry);
        _byScanId.Add(entry.ScanId, entry);
        _burst.Add(entry);
        Latest = entry;
        return entry;
    }

    /// <summary>Puts the station's earlier scans (newest first, as listed) before this visit's.</summary>
    public void AddHistory(IEnumerable<ScanEntry> newestFirst)
    {
        var earlier = newestFirst.Where(e => !_byScanId.ContainsKey(e.ScanId)).Reverse().ToList();
        foreach (var entry in earlier)
        {
            _byScanId.Add(entry.ScanId, entry);
        }

        _entries.InsertRange(0, earlier);
    }

    /// <summary>The clerk has seen the refusals: the next scan starts a new burst.</summary>
    public void Acknowledge() => _burst.RemoveAll(e => !e.Pending);
}
