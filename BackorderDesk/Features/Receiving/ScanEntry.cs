namespace BackorderDesk.Features.Receiving;

/// <summary>One scan of this page's session, as the clerk sees it in the running list.</summary>
public sealed class ScanEntry(string scanId, string barcode, int qty, DateTimeOffset at)
{
    public string ScanId { get; } = scanId;

    public string Barcode { get; } = barcode;

    public int Qty { get; } = qty;

    public DateTimeOffset At { get; } = at;

    public ReceiptAnswer? Answer { get; set; }

    public string? Error { get; set; }

    public bool Pending => Answer is null && Error is null;

    public int CrossDockQty => Answer?.Allocations.Where(a => a.CrossDock).Sum(a => a.Qty) is { } q ? Math.Min(q, Qty) : 0;
}
