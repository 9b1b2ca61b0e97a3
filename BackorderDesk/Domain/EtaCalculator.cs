namespace BackorderDesk.Domain;

/// <summary>
/// An ETA range; <see cref="Confirmed"/> is false when no purchase order covers the line.
/// <see cref="Arrival"/> is the day the range was built on: the day supply arrives (the day itself when
/// in stock), before lateness and handling; null when there is no ETA.
/// </summary>
public readonly record struct Eta(DateOnly? From, DateOnly? To, bool Confirmed, string Basis, DateOnly? Arrival = null)
{
    public static Eta Unknown { get; } = new(null, null, false, "no supplier or lead time: no ETA can be given");
}

/// <summary>
/// rules.md R3.1: walk the queue, add the waiting quantity ahead and the line's own, walk the open
/// PO lines by expected date; the first date whose cumulative inbound covers it, plus handling,
/// widened by the supplier's observed lateness at its chosen percentile pair (P50 to P90 unless
/// <see cref="EtaRangeTuning"/> chose another from its history). An overdue PO is dated from the
/// receipts that were as late (R3.4a); a Standard line's last day allows for the key-account and
/// expedited units expected before its supply (R3.4b).
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
        var supply = new Supply(sku, openPoLines, today, handlingWorkingDays);

        // Available units go to the front of the queue first (held lines may leave some idle).
        // A held line ahead counts like any other: holds are usually short, and promising its units
        // to the lines behind would turn into a slip when it is released (rules.md R3.1: under-promise).
        var cumulative = -Math.Max(0, sku.Available);
        foreach (var line in queue)
        {
            cumulative += line.WaitingQty;
            result[line] = supply.EtaFor(cumulative, behindPriorityDemand: line.Order.Priority == OrderPriority.Standard);
        }

        return result;
    }

    /// <summary>
    /// The ETA a new order for <paramref name="qty"/> units placed now would be quoted: it joins the
    /// end of the queue, behind <paramref name="waitingAhead"/> waiting units of every line ahead,
    /// held ones included (as in <see cref="Compute"/>).
    /// This is the promise a shop shows next to its "Backordered" badge.
    /// </summary>
    public static Eta ForNewDemand(
        Sku sku,
        int waitingAhead,
        IEnumerable<PurchaseOrderLine> openPoLines,
        DateOnly today,
        int qty = 1,
        int handlingWorkingDays = DefaultHandlingWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(qty, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(waitingAhead);
        var needed = waitingAhead - Math.Max(0, sku.Available) + qty;
        return new Supply(sku, openPoLines, today, handlingWorkingDays).EtaFor(needed, behindPriorityDemand: true);
    }

    /// <summary>A SKU's supply as seen today: stock, open PO lines by expected date, lead time and supplier lateness.</summary>
    private sealed class Supply
    {
        private readonly Sku _sku;
        private readonly Supplier? _supplier;
        private readonly int? _leadTime;
        private readonly List<PurchaseOrderLine> _inbound;
        private readonly int _lateFrom;
        private readonly int _lateTo;
        private readonly EtaRangeChoice _range;
        private readonly DateOnly _today;
        private readonly int _handlingWorkingDays;
        private readonly double _priorityDemandPerDay;

        public Supply(Sku sku, IEnumerable<PurchaseOrderLine> openPoLines, DateOnly today, int handlingWorkingDays)
        {
            _sku = sku;
            _supplier = sku.Supplier;
            _leadTime = sku.EffectiveLeadTimeDays;
            _inbound = openPoLines.Where(p => p.OpenQty > 0).OrderBy(p => p.ExpectedDate).ThenBy(p => p.Id).ToList();
            (_lateFrom, _lateTo) = (_supplier?.EtaRangeFromDays ?? 0, _supplier?.EtaRangeToDays ?? 0);
            _range = _supplier?.EtaRange ?? EtaRangeChoice.Default;
            _today = today;
            _handlingWorkingDays = handlingWorkingDays;
            _priorityDemandPerDay = Math.Max(0, sku.PriorityDemandMean);
        }

        /// <summary>
        /// The ETA of the unit that is <paramref name="needed"/>-th in line (see <see cref="EtaFor(int)"/>).
        /// A Standard line (<paramref name="behindPriorityDemand"/>) on a SKU that key-account or expedited
        /// orders ask for keeps its first day, and its last day allows for the priority units expected
        /// to arrive before each inbound date: they will take their place ahead of it.
        /// </summary>
        public Eta EtaFor(int needed, bool behindPriorityDemand)
        {
            var eta = EtaFor(needed);
            if (!behindPriorityDemand || _priorityDemandPerDay <= 0 || needed <= 0 || eta.Arrival is not { } arrival || eta.To is null)
            {
                return eta;
            }

            var (later, ahead) = ArrivalBehindPriorityDemand(needed);
            if (later is not { } day || day <= arrival)
            {
                return eta;
            }

            var widened = Widen(day, eta.Confirmed, "");
            if (widened.To <= eta.To)
            {
                return eta;
            }

            return eta with
            {
                To = widened.To,
                Basis = $"{eta.Basis}; up to {widened.To:MMM d} if the {ahead} key-account or expedited units expected by then come first",
            };
        }

        /// <summary>
        /// The first inbound date whose cumulative quantity covers <paramref name="needed"/> plus the
        /// priority units expected to be ordered until that date (mean daily priority demand × days),
        /// and that expected number; beyond confirmed supply, the unconfirmed arrival of <see cref="EtaFor(int)"/>.
        /// </summary>
        private (DateOnly? Arrival, int Ahead) ArrivalBehindPriorityDemand(int needed)
        {
            var covered = 0;
            var ahead = 0;
            foreach (var po in _inbound)
            {
                covered += po.OpenQty;
                var arrival = po.ExpectedDate < _today ? _today : po.ExpectedDate;
                ahead = ExpectedPriorityUnits(arrival);
                if (covered >= needed + ahead)
                {
                    return (ReleaseBound(arrival), ahead);
                }
            }

            if (_leadTime is null)
            {
                return (null, ahead);
            }

            var unconfirmed = UnconfirmedArrival();
            return (ReleaseBound(unconfirmed), ExpectedPriorityUnits(unconfirmed));
        }

        private int ExpectedPriorityUnits(DateOnly until) =>
            (int)Math.Ceiling((_priorityDemandPerDay * (until.DayNumber - _today.DayNumber)) - 1e-9);

        private DateOnly UnconfirmedArrival()
        {
            // Units from a purchase order not placed yet go to the lines ahead first, so this line
            // cannot be served before the last confirmed inbound date either.
            var fromNewOrder = _today.AddDays(_leadTime!.Value);
            var lastInbound = _inbound.Count == 0 ? _today : _inbound.Max(p => p.ExpectedDate < _today ? _today : p.ExpectedDate);
            return fromNewOrder > lastInbound ? fromNewOrder : lastInbound;
        }

        /// <summary>The ETA of the unit that is <paramref name="needed"/>-th in line for supply beyond what is available.</summary>
        public Eta EtaFor(int needed)
        {
            if (needed <= 0)
            {
                return Ship(_today, confirmed: true, "units are in stock");
            }

            var covered = 0;
            foreach (var po in _inbound)
            {
                covered += po.OpenQty;
                if (covered >= needed)
                {
                    var basis = $"{po.PurchaseOrder.Number} expected {po.ExpectedDate:MMM d}";
                    return po.ExpectedDate < _today ? Overdue(po, basis) : Widen(po.ExpectedDate, true, basis);
                }
            }

            if (_leadTime is null)
            {
                return Eta.Unknown;
            }

            return Widen(UnconfirmedArrival(), false, $"no confirmed supply yet: {_leadTime} days lead time");
        }

        /// <summary>
        /// A purchase order past its expected date arrives today at the earliest; how much later is read
        /// from the supplier's receipts that were at least as late as this one is now (a supplier with a
        /// long tail tends to stay late). Without such receipts, the usual widening from today.
        /// </summary>
        private Eta Overdue(PurchaseOrderLine po, string basis)
        {
            var overdueDays = Math.Max(0, _today.DayNumber - po.OriginalExpectedDate.DayNumber);
            if (_supplier?.LatenessGiven(overdueDays, _range.LowPercentile, _range.HighPercentile) is not { } late)
            {
                return Widen(_today, true, basis);
            }

            // Never narrower at the far end than a purchase order due today: the receipts that were this
            // late may be few.
            var arrival = ReleaseBound(_today);
            var from = AddWorkingDays(arrival.AddDays(late.From), _handlingWorkingDays);
            var to = AddWorkingDays(arrival.AddDays(Math.Max(late.To, _lateTo)), _handlingWorkingDays);
            basis += $"; {overdueDays} days late now: {_supplier.Name}'s receipts that were as late came {late.From}–{late.To} days later ({_range} of them)";
            return new Eta(from, to, true, basis, arrival);
        }

        private Eta Widen(DateOnly arrival, bool confirmed, string basis)
        {
            arrival = ReleaseBound(arrival);
            var from = AddWorkingDays(arrival.AddDays(_lateFrom), _handlingWorkingDays);
            var to = AddWorkingDays(arrival.AddDays(_lateTo), _handlingWorkingDays);
            if (_supplier is not null && _lateTo > 0)
            {
                basis += $"; {_supplier.Name} is usually {_lateFrom}–{_lateTo} days late ({_range} of its receipts)";
            }

            return new Eta(from, to, confirmed, basis, arrival);
        }

        private Eta Ship(DateOnly day, bool confirmed, string basis)
        {
            var arrival = ReleaseBound(day);
            var date = AddWorkingDays(arrival, _handlingWorkingDays);
            return new Eta(date, date, confirmed, basis, arrival);
        }

        private DateOnly ReleaseBound(DateOnly day) =>
            _sku.Policy == SellingPolicy.Preorder && _sku.ReleaseDate is { } release && release > day ? release : day;
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
