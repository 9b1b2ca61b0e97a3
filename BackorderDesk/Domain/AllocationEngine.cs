namespace BackorderDesk.Domain;

/// <summary>
/// the allocation rules (docs/rules.md R2), as pure functions over one SKU and its open lines. Callers
/// load the SKU's open lines (with their orders and allocations) inside the write transaction and
/// persist what changed; nothing here touches a database.
/// </summary>
public static class AllocationEngine
{
    private const int AheadOfNamed = 3;

    /// <summary>The SKU's waiting lines in allocation order (rules.md R2.2).</summary>
    public static IReadOnlyList<SalesOrderLine> Queue(IEnumerable<SalesOrderLine> lines) => QueueArray(lines);

    private static SalesOrderLine[] QueueArray(IEnumerable<SalesOrderLine> lines) =>
        lines.Where(l => l.WaitingQty > 0).OrderBy(l => l, QueueOrder.Instance).ToArray();

    /// <summary>
    /// Gives available units to waiting lines in queue order (rules 3–5): held lines and unreleased
    /// preorders are skipped and keep their place; a partly served line keeps its place for the rest.
    /// </summary>
    /// <param name="maxLines">At most this many lines are served (a big receipt allocates in chunks; see <see cref="WarehouseOperations.Receive"/>).</param>
    public static IReadOnlyList<Allocation> Allocate(Sku sku, IEnumerable<SalesOrderLine> openLines, AllocationContext context, DateOnly today, int maxLines = int.MaxValue)
    {
        var allocations = new List<Allocation>();
        if (sku.Available <= 0 || !sku.IsReleasedOn(today))
        {
            return allocations;
        }

        var queue = QueueArray(openLines.Where(l => ReferenceEquals(l.Sku, sku)));
        var skipped = new List<SalesOrderLine>();
        for (var i = 0; i < queue.Length && sku.Available > 0 && allocations.Count < maxLines; i++)
        {
            var line = queue[i];
            if (line.OnHold)
            {
                skipped.Add(line);
                continue;
            }

            var qty = Math.Min(line.WaitingQty, sku.Available);
            var rest = After(queue, i);
            allocations.Add(line.Allocate(qty, context, i + 1, Explain(line, rest, skipped), DescribeAheadOf(rest)));
        }

        return allocations;
    }

    /// <summary>
    /// A new line takes available stock at placement. Available stock while lines wait means those
    /// lines cannot take it (on hold, rules.md R2.6), so the new line may be behind them in the queue: its
    /// allocation records its real position and the held lines it went past.
    /// </summary>
    internal static Allocation AllocateAtPlacement(SalesOrderLine line, IEnumerable<SalesOrderLine> openLines, int qty, AllocationContext context)
    {
        var queue = QueueArray(openLines.Where(l => ReferenceEquals(l.Sku, line.Sku)));
        var index = Math.Max(0, Array.IndexOf(queue, line));
        var skipped = queue.Take(index).Where(l => l.OnHold).ToList();
        var rule = "allocated at placement from available stock";
        if (skipped.Count > 0)
        {
            rule += $"; skipped {string.Join(", ", skipped.Select(Name))} on hold (they keep their place)";
        }

        return line.Allocate(qty, context, index + 1, rule, DescribeAheadOf(After(queue, index)));
    }

    /// <summary>
    /// Rule 7: when on hand falls below allocated, takes units back from the allocations last in
    /// queue order until allocated fits on hand again. Returns the lines that lost units, with how many.
    /// </summary>
    public static IReadOnlyList<(SalesOrderLine Line, int Qty)> TakeBack(Sku sku, IEnumerable<SalesOrderLine> openLines, int newOnHand)
    {
        var taken = new List<(SalesOrderLine, int)>();
        var excess = sku.Allocated - newOnHand;
        if (excess <= 0)
        {
            return taken;
        }

        var lastFirst = openLines
            .Where(l => l.AllocatedQty > 0 && ReferenceEquals(l.Sku, sku))
            .OrderByDescending(l => l, QueueOrder.Instance);
        foreach (var line in lastFirst)
        {
            var qty = line.Deallocate(Math.Min(excess, line.AllocatedQty));
            taken.Add((line, qty));
            excess -= qty;
            if (excess == 0)
            {
                break;
            }
        }

        return taken;
    }

    /// <summary>Why <paramref name="line"/> was served before the next waiting line, in words.</summary>
    private static string Explain(SalesOrderLine line, IReadOnlyList<SalesOrderLine> rest, IReadOnlyList<SalesOrderLine> skipped)
    {
        var why = rest.Count == 0
            ? "the only line still waiting"
            : Compare(line, rest[0]);
        if (skipped.Count > 0)
        {
            why += $"; skipped {string.Join(", ", skipped.Select(Name))} on hold (they keep their place)";
        }

        return why;
    }

    private static string Compare(SalesOrderLine line, SalesOrderLine next)
    {
        var (a, b) = (line.Order, next.Order);
        if (a.Priority != b.Priority)
        {
            return $"priority {a.Priority} is served before {b.Priority}";
        }

        if (a.PlacedAt != b.PlacedAt)
        {
            return $"same priority ({a.Priority}), placed earlier: first come, first served";
        }

        if (a.Number != b.Number)
        {
            return $"same priority and time; order number {a.Number} sorts before {b.Number}";
        }

        return $"same order; line {line.LineNumber} comes before line {next.LineNumber}";
    }

    private static string DescribeAheadOf(IReadOnlyList<SalesOrderLine> rest)
    {
        if (rest.Count == 0)
        {
            return "";
        }

        var named = string.Join(", ", rest.Take(AheadOfNamed).Select(Name));
        return rest.Count > AheadOfNamed ? $"{named} (+{rest.Count - AheadOfNamed} more)" : named;
    }

    // A view of the lines behind position index, without copying: a long queue stays linear.
    private static ArraySegment<SalesOrderLine> After(SalesOrderLine[] queue, int index) =>
        index + 1 >= queue.Length ? ArraySegment<SalesOrderLine>.Empty : new(queue, index + 1, queue.Length - index - 1);

    private static string Name(SalesOrderLine line) => $"{line.Order.Number}/{line.LineNumber}";

    /// <summary>Priority class, then placed-at, then order number (ordinal by code point, as the database orders it), then line number.</summary>
    public sealed class QueueOrder : IComparer<SalesOrderLine>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(SalesOrderLine? x, SalesOrderLine? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var c = x.Order.Priority.CompareTo(y.Order.Priority);
            if (c == 0)
            {
                c = x.Order.PlacedAt.CompareTo(y.Order.PlacedAt);
            }

            if (c == 0)
            {
                c = TextOrder.Instance.Compare(x.Order.Number, y.Order.Number);
            }

            return c != 0 ? c : x.LineNumber.CompareTo(y.LineNumber);
        }
    }
}
