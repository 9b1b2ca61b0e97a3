namespace BackorderDesk.Features.Receiving;

/// <summary>One scan of this station, as the clerk sees it in the running list.</summary>
public sealed class ScanEntry(string scanId, string barcode, int qty, DateTimeOffset at)
{
    public string ScanId { get; } = scanId;

    /// <summary>The scanned code; empty for a scan listed again from the database (only its SKU is kept).</summary>
    public string Barcode { get; } = barcode;

    public int Qty { get; } = qty;

    public DateTimeOffset At { get; } = at;

    public ReceiptAnswer? Answer { get; set; }

    public string? Error { get; set; }

    public bool Pending => Answer is null && Error is null;

    public bool Refused => Error is not null;

    public int CrossDockQty => Answer?.Allocations.Where(a => a.CrossDock).Sum(a => a.Qty) is { } q ? Math.Min(q, Qty) : 0;

    /// <summary>The sound for the answer: "crossdock", "shelf" or "error".</summary>
    public string Cue => Refused ? "error" : CrossDockQty > 0 ? "crossdock" : "shelf";

    /// <summary>The state the list shows: pending, received or refused.</summary>
    public string State => Pending ? "pending" : Refused ? "refused" : "received";
}
