namespace BackorderDesk.Domain;

/// <summary>An ETA range; <see cref="Confirmed"/> is false when no purchase order covers the line.</summary>
public readonly record struct Eta(DateOnly? From, DateOnly? To, bool Confirmed, string Basis)
{
    public static Eta Unknown { get; } = new(null, null, false, "no supplier or lead time: no ETA can be given");
}

/// <summary>
/// DOMAIN "ETA": walk the queue, add the waiting quantity ahead and the line's own, walk the open
/// PO lines by expected date; the first date whose cumulative inbound covers it, plus handling,
/// widened by the supplier's observed lateness (P50 to P90).
/// </summary>
public static class EtaCalculator
{
    public const int DefaultHandlingWorkingDays = 1;

    public static IReadOnlyDictionary<SalesOrderLine, Eta> Compute(
        Sku sku,
        IReadOnlyList<SalesOrderLine> queue,
        IEnumerable<PurchaseOrderLine> openPoLines,
        DateOnly today,
        int handlingWorkingDays = DefaultHandlingWorkingDays)
    {
        var result = new Dictionary<SalesOrderLine, Eta>();
        var supplier = sku.Supplier;
        var leadTime = sku.EffectiveLeadTimeDays;
        var inbound = openPoLines.Where(p => p.OpenQty > 0).OrderBy(p => p.ExpectedDate).ThenBy(p => p.Id).ToList();
        var (lateFrom, lateTo) = (supplier?.LatenessP50Days ?? 0, supplier?.LatenessP90Days ?? 0);

        // Available units go to the front of the queue first (held lines may leave some idle).
        var cumulative = -Math.Max(0, sku.Available);
        foreach (var line in queue)
        {
            if (line.OnHold)
            {
                // A held line keeps its place but does not consume supply ahead of the others.
                result[line] = EtaFor(cumulative + line.WaitingQty);
                continue;
            }

            cumulative += line.WaitingQty;
            result[line] = EtaFor(cumulative);
        }

        return result;

        Eta EtaFor(int needed)
        {
            if (needed <= 0)
            {
                return Ship(today, confirmed: true, "units are in stock");
            }

            var covered = 0;
            foreach (var po in inbound)
            {
                covered += po.OpenQty;
                if (covered >= needed)
                {
                    var arrival = po.ExpectedDate < today ? today : po.ExpectedDate;
                    var basis = $"{po.PurchaseOrder.Number} expected {po.ExpectedDate:MMM d}";
                    return Widen(arrival, true, basis);
                }
            }

            if (leadTime is null)
            {
                return Eta.Unknown;
            }

            // Units from a purchase order not placed yet go to the lines ahead first, so this line
            // cannot be served before the last confirmed inbound date either.
            var fromNewOrder = today.AddDays(leadTime.Value);
            var lastInbound = inbound.Count == 0 ? today : inbound.Max(p => p.ExpectedDate < today ? today : p.ExpectedDate);
            return Widen(fromNewOrder > lastInbound ? fromNewOrder : lastInbound, false, $"no confirmed supply yet: {leadTime} days lead time");
        }

        Eta Widen(DateOnly arrival, bool confirmed, string basis)
        {
            arrival = ReleaseBound(arrival);
            var from = AddWorkingDays(arrival.AddDays(lateFrom), handlingWorkingDays);
            var to = AddWorkingDays(arrival.AddDays(lateTo), handlingWorkingDays);
            if (supplier is not null && lateTo > 0)
            {
                basis += $"; {supplier.Name} is usually {lateFrom}–{lateTo} days late";
            }

            return new Eta(from, to, confirmed, basis);
        }

        Eta Ship(DateOnly day, bool confirmed, string basis)
        {
            var date = AddWorkingDays(ReleaseBound(day), handlingWorkingDays);
            return new Eta(date, date, confirmed, basis);
        }

        DateOnly ReleaseBound(DateOnly day) =>
            sku.Policy == SellingPolicy.Preorder && sku.ReleaseDate is { } release && release > day ? release : day;
    }

    public static DateOnly AddWorkingDays(DateOnly day, int workingDays)
    {
        var result = day;
        var added = 0;
        while (added < workingDays)
        {
            result = result.AddDays(1);
            if (result.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return result;
    }
}
