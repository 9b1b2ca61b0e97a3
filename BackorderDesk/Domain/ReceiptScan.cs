namespace BackorderDesk.Domain;

/// <summary>
/// A scan applied exactly once: its <see cref="ScanId"/> is unique and written in the same
/// transaction as the receipt's ledger row. A retry finds this row and answers <see cref="Response"/>.
/// </summary>
public sealed class ReceiptScan
{
    private ReceiptScan()
    {
    }

    public ReceiptScan(string scanId, int skuId, int qty, string fingerprint, DateTime at, string? station = null)
    {
        ScanId = scanId;
        SkuId = skuId;
        Qty = qty;
        Fingerprint = fingerprint;
        At = at;
        Station = station;
    }

    public long Id { get; private set; }

    public string ScanId { get; private set; } = "";

    public int SkuId { get; private set; }

    public int Qty { get; private set; }

    /// <summary>A digest of the request body; the same scan id with another body is refused.</summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>The first answer, serialized, returned again to a retry.</summary>
    public string Response { get; set; } = "";

    public DateTime At { get; private set; }

    /// <summary>
    /// The receiving station (a browser) that scanned it, so the station's recent scans can be shown
    /// again after the page is left; null for scans from the API, the hub or the seed.
    /// </summary>
    public string? Station { get; private set; }
}
