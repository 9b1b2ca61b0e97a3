using BackorderDesk.Domain;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// The stored columns of a book's order lines and purchase-order lines as last written. A command
/// changes the entities in memory; comparing them with these images finds the rows to update (a
/// struct compare per line, no change tracker). Tests check that the images cover every stored
/// column, so a column added later cannot be left unwritten.
/// </summary>
internal sealed class BookImages
{
    private readonly Dictionary<SalesOrderLine, LineImage> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PurchaseOrderLine, PoLineImage> _poLines = new(ReferenceEqualityComparer.Instance);

    public BookImages(SkuBook book) => Take(book);

    /// <summary>Whether the SKU was a reorder alert when last written (its client's counter counts it).</summary>
    public bool WasAlert { get; private set; }

    /// <summary>Lines whose stored columns differ from their image, with the image; lines new to the book are not listed.</summary>
    public List<(SalesOrderLine Line, LineImage Before)> ChangedLines(SkuBook book)
    {
        var changed = new List<(SalesOrderLine, LineImage)>();
        foreach (var line in book.OpenLines)
        {
            if (_lines.TryGetValue(line, out var before) && before != LineImage.Of(line))
            {
                changed.Add((line, before));
            }
        }

        return changed;
    }

    /// <summary>Purchase-order lines whose stored columns differ from their image, including lines that left the book (received in full).</summary>
    public List<(PurchaseOrderLine Line, PoLineImage Before)> ChangedPoLines()
    {
        var changed = new List<(PurchaseOrderLine, PoLineImage)>();
        foreach (var (line, before) in _poLines)
        {
            if (before != PoLineImage.Of(line))
            {
                changed.Add((line, before));
            }
        }

        return changed;
    }

    /// <summary>The book as written now becomes the image the next command is compared with.</summary>
    public void Take(SkuBook book)
    {
        _lines.Clear();
        foreach (var line in book.OpenLines)
        {
            _lines[line] = LineImage.Of(line);
        }

        _poLines.Clear();
        foreach (var line in book.OpenPoLines)
        {
            _poLines[line] = PoLineImage.Of(line);
        }

        WasAlert = book.Sku.IsReorderAlert;
    }

    /// <summary>Images of the given lines only (what one command wrote), cheaper than <see cref="Take"/> for a deep queue.</summary>
    public void TakeWritten(SkuBook book, IEnumerable<SalesOrderLine> written, IEnumerable<PurchaseOrderLine> writtenPo)
    {
        foreach (var line in written)
        {
            _lines[line] = LineImage.Of(line);
        }

        foreach (var line in writtenPo)
        {
            _poLines[line] = PoLineImage.Of(line);
        }

        // Purchase-order lines received in full leave the book; so do their images.
        if (_poLines.Count != book.OpenPoLines.Count)
        {
            foreach (var gone in _poLines.Keys.Except(book.OpenPoLines, ReferenceEqualityComparer.Instance).Cast<PurchaseOrderLine>().ToList())
            {
                _poLines.Remove(gone);
            }
        }

        WasAlert = book.Sku.IsReorderAlert;
    }
}

/// <summary>The stored, changeable columns of an order line.</summary>
internal readonly record struct LineImage(
    int OrderedQty,
    int AllocatedQty,
    int ShippedQty,
    int CancelledQty,
    int AllocatedAtPlacementQty,
    bool OnHold,
    string? HoldReason,
    DateTime? BackorderedAt,
    DateTime? FilledAt,
    DateTime? ShippedAt,
    DateOnly? EtaFrom,
    DateOnly? EtaTo,
    bool EtaConfirmed,
    DateOnly? FirstEtaFrom,
    DateOnly? FirstEtaTo,
    DateOnly? FirstEtaArrival,
    DateOnly? QuotedEtaFrom,
    DateOnly? QuotedEtaTo,
    int EtaSlips)
{
    public int OpenQty => OrderedQty - ShippedQty - CancelledQty;

    public int WaitingQty => OpenQty - AllocatedQty;

    public static LineImage Of(SalesOrderLine l) => new(
        l.OrderedQty,
        l.AllocatedQty,
        l.ShippedQty,
        l.CancelledQty,
        l.AllocatedAtPlacementQty,
        l.OnHold,
        l.HoldReason,
        l.BackorderedAt,
        l.FilledAt,
        l.ShippedAt,
        l.EtaFrom,
        l.EtaTo,
        l.EtaConfirmed,
        l.FirstEtaFrom,
        l.FirstEtaTo,
        l.FirstEtaArrival,
        l.QuotedEtaFrom,
        l.QuotedEtaTo,
        l.EtaSlips);
}

/// <summary>The stored, changeable columns of a purchase-order line.</summary>
internal readonly record struct PoLineImage(
    int Qty,
    int ReceivedQty,
    int CancelledQty,
    DateOnly ExpectedDate,
    DateOnly OriginalExpectedDate,
    DateTime? FirstReceivedAt,
    DateTime? ReceivedAt)
{
    public bool IsOpen => Qty - ReceivedQty - CancelledQty > 0;

    public static PoLineImage Of(PurchaseOrderLine l) =>
        new(l.Qty, l.ReceivedQty, l.CancelledQty, l.ExpectedDate, l.OriginalExpectedDate, l.FirstReceivedAt, l.ReceivedAt);
}
