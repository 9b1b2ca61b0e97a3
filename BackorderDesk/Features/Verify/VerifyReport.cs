using System.Globalization;

namespace BackorderDesk.Features.Verify;

/// <summary>One difference between what is stored and what the source rows say.</summary>
/// <param name="Check">Which invariant, e.g. "on hand", "line allocations", "idle stock".</param>
/// <param name="Subject">What it is about: a SKU code, usually, so that a person can look it up.</param>
public sealed record VerifyDrift(string Check, string Subject, string Detail)
{
    public override string ToString() => $"{Subject}: {Detail}";
}

/// <summary>The outcome of <see cref="WarehouseVerifier"/>: every drift (the first ones kept), what was checked, how long it took.</summary>
public sealed class VerifyReport
{
    /// <summary>Drifts kept in memory; beyond this only the count grows.</summary>
    public const int KeptDrifts = 1_000;

    /// <summary>Drifts printed by <see cref="WriteTo"/>.</summary>
    public const int PrintedDrifts = 50;

    private readonly List<VerifyDrift> _drifts = [];
    private readonly List<(string What, long Count)> _checked = [];

    public IReadOnlyList<VerifyDrift> Drifts => _drifts;

    public long DriftCount { get; private set; }

    public IReadOnlyList<(string What, long Count)> Checked => _checked;

    public TimeSpan Elapsed { get; private set; }

    public bool IsClean => DriftCount == 0;

    public void Add(string check, string subject, string detail)
    {
        DriftCount++;
        if (_drifts.Count < KeptDrifts)
        {
            _drifts.Add(new VerifyDrift(check, subject, detail));
        }
    }

    internal void Counted(string what, long count) => _checked.Add((what, count));

    internal void Complete(TimeSpan elapsed) => Elapsed = elapsed;

    public void WriteTo(TextWriter writer)
    {
        foreach (var drift in _drifts.Take(PrintedDrifts))
        {
            writer.WriteLine(drift);
        }

        if (DriftCount > PrintedDrifts)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… and {DriftCount - PrintedDrifts:N0} more drift(s)."));
        }

        writer.WriteLine(Summary);
    }

    public string Summary
    {
        get
        {
            var counts = string.Join(", ", _checked.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count:N0} {c.What}")));
            var outcome = IsClean ? "clean" : string.Create(CultureInfo.InvariantCulture, $"{DriftCount:N0} drift(s)");
            return string.Create(CultureInfo.InvariantCulture, $"verify: checked {counts} in {Elapsed.TotalSeconds:0.00} s: {outcome}.");
        }
    }
}
