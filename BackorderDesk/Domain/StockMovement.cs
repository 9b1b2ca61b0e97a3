namespace BackorderDesk.Domain;

/// <summary>
/// One row of the append-only stock ledger. On hand is the sum of these rows; a row is never
/// updated or deleted, a mistake is corrected by another row.
/// </summary>
public sealed class StockMovement
{
    private StockMovement()
    {
    }

    internal StockMovement(Sku sku, MovementKind kind, int qty, DateTime at, string cause)
    {
        Sku = sku;
        Kind = kind;
        Qty = qty;
        At = at;
        Cause = cause;
    }

    public long Id { get; private set; }

    public int SkuId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public MovementKind Kind { get; private set; }

    /// <summary>Signed change of on hand (receipts positive, shipments negative).</summary>
    public int Qty { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>What caused it, in words a person reads ("Receipt scan R-104", "Shipment of SO-1001 line 2").</summary>
    public string Cause { get; private set; } = "";

    public string? ScanId { get; internal set; }

    public long? OrderLineId { get; internal set; }

    public long? PurchaseOrderLineId { get; internal set; }
}
