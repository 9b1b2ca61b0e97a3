using System.Linq.Expressions;

namespace BackorderDesk.Domain;

/// <summary>
/// One sellable item of one client. <see cref="OnHand"/>, <see cref="Allocated"/>,
/// <see cref="Backordered"/> and <see cref="OnOrder"/> are cached sums of the ledger, the live
/// allocations, the waiting order quantity and the open purchase-order quantity. They change only
/// through the domain methods in this folder, in the same unit of work as the rows they summarise,
/// and <c>verify</c> recomputes them to prove there is no drift.
/// </summary>
public sealed class Sku
{
    private readonly List<SkuBarcode> _barcodes = [];

    private Sku()
    {
    }

    public Sku(string code, string name, Client client, SellingPolicy policy)
    {
        Code = code;
        Name = name;
        Client = client;
        ClientId = client.Id;
        Policy = policy;
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public int ClientId { get; private set; }

    public Client Client { get; private set; } = null!;

    public SellingPolicy Policy { get; private set; }

    /// <summary>For <see cref="SellingPolicy.Preorder"/>: the day allocation may start.</summary>
    public DateOnly? ReleaseDate { get; private set; }

    public int? SupplierId { get; private set; }

    public Supplier? Supplier { get; private set; }

    /// <summary>Configured lead time; the supplier's applies when absent.</summary>
    public int? LeadTimeDays { get; private set; }

    public int? ManualReorderPoint { get; private set; }

    public int? ManualSafetyStock { get; private set; }

    public int ComputedReorderPoint { get; private set; }

    public int ComputedSafetyStock { get; private set; }

    public decimal? ServiceLevelOverride { get; private set; }

    // ----- The last planning run's inputs (null/zero until the first run). -----

    public AbcClass? AbcClass { get; private set; }

    /// <summary>d̄: mean daily demand over the window, units a day.</summary>
    public double DemandMean { get; private set; }

    /// <summary>σd: population standard deviation of daily demand.</summary>
    public double DemandStdDev { get; private set; }

    /// <summary>
    /// Mean daily units ordered by key-account and expedited orders over the window: demand that takes
    /// its place ahead of a Standard line still waiting, so its ETA allows for it.
    /// </summary>
    public double PriorityDemandMean { get; private set; }

    /// <summary>L: mean lead time in days.</summary>
    public double LeadTimeMean { get; private set; }

    /// <summary>σL: standard deviation of lead time in days (0 when configured).</summary>
    public double LeadTimeStdDev { get; private set; }

    /// <summary>Whether L and σL came from received PO lines rather than the configured lead time.</summary>
    public bool LeadTimeFromHistory { get; private set; }

    /// <summary>The service level in percent the last run used.</summary>
    public decimal? ServiceLevel { get; private set; }

    public DateTime? PlanningComputedAt { get; private set; }

    public int Moq { get; private set; } = 1;

    public int CasePack { get; private set; } = 1;

    public decimal UnitCost { get; private set; }

    public int OnHand { get; private set; }

    public int Allocated { get; private set; }

    public int Backordered { get; private set; }

    public int OnOrder { get; private set; }

    /// <summary>
    /// Moves on every write to the SKU, its order lines, allocations or purchase-order lines. The
    /// writer's in-memory SKU books are valid while it is unchanged; a write from a book updates the
    /// row only at the version the book was read at, so a change made elsewhere is never overwritten.
    /// </summary>
    public long Version { get; internal set; }

    public IReadOnlyCollection<SkuBarcode> Barcodes => _barcodes;

    public int Available => OnHand - Allocated;

    public int ReorderPoint => ManualReorderPoint ?? ComputedReorderPoint;

    public int SafetyStock => ManualSafetyStock ?? ComputedSafetyStock;

    public bool ReorderPointIsManual => ManualReorderPoint is not null || ManualSafetyStock is not null;

    public int InventoryPosition => Available + OnOrder - Backordered;

    public bool BelowReorderPoint => InventoryPosition <= ReorderPoint;

    /// <summary>
    /// Whether the SKU is a reorder alert: at or below its reorder point and still bought. A
    /// discontinued SKU takes no new orders and is not bought again, so it is never an alert: not in
    /// the alert list, the Planning grid, the dashboard's count or the reorder export.
    /// </summary>
    public bool IsReorderAlert => IsAlert(Policy, InventoryPosition, ReorderPoint);

    /// <summary><see cref="IsReorderAlert"/> as a query expression, so that every list and count in SQL uses the same rule.</summary>
    public static Expression<Func<Sku, bool>> ReorderAlert { get; } =
        s => s.Policy != SellingPolicy.Discontinued
            && s.OnHand - s.Allocated + s.OnOrder - s.Backordered <= (s.ManualReorderPoint ?? s.ComputedReorderPoint);

    /// <summary>The alert rule on plain values (e.g. a SKU's values before a save).</summary>
    public static bool IsAlert(SellingPolicy policy, int inventoryPosition, int reorderPoint) =>
        policy != SellingPolicy.Discontinued && ReorderPlanning.IsAlert(inventoryPosition, reorderPoint);

    public int? EffectiveLeadTimeDays => LeadTimeDays ?? Supplier?.LeadTimeDays;

    /// <summary>Whether a line of this SKU may take units on <paramref name="today"/>.</summary>
    public bool IsReleasedOn(DateOnly today) =>
        Policy != SellingPolicy.Preorder || (ReleaseDate is { } release && today >= release);

    public void Describe(string name, SellingPolicy policy, DateOnly? releaseDate)
    {
        if (policy == SellingPolicy.Preorder && releaseDate is null)
        {
            throw new DomainException("A preorder SKU needs a release date.", "releaseDate");
        }

        Name = name;
        Policy = policy;
        ReleaseDate = releaseDate;
    }

    public void SetSupply(Supplier? supplier, int? leadTimeDays, int moq, int casePack, decimal unitCost)
    {
        if (moq < 1)
        {
            throw new DomainException("The minimum order quantity must be at least 1.", "moq");
        }

        if (casePack < 1)
        {
            throw new DomainException("The case pack must be at least 1.", "casePack");
        }

        if (unitCost < 0)
        {
            throw new DomainException("The unit cost cannot be negative.", "unitCost");
        }

        Supplier = supplier;
        SupplierId = supplier?.Id;
        LeadTimeDays = leadTimeDays;
        Moq = moq;
        CasePack = casePack;
        UnitCost = unitCost;
    }

    public void SetManualPlanning(int? reorderPoint, int? safetyStock)
    {
        ManualReorderPoint = reorderPoint;
        ManualSafetyStock = safetyStock;
        if (PlanningComputedAt is not null)
        {
            // A manual safety stock feeds the reorder point at once: ROP = d̄ · L + SS.
            ComputedReorderPoint = ReorderPlanning.ReorderPoint(
                new DemandFigures(DemandMean, DemandStdDev),
                new LeadTimeFigures(LeadTimeMean, LeadTimeStdDev, LeadTimeFromHistory),
                ManualSafetyStock ?? ComputedSafetyStock);
        }
    }

    /// <summary>
    /// Stores a planning run's result: its inputs, the computed safety stock, and as computed reorder
    /// point the one built on the applied safety stock (a manual safety stock included), so that
    /// <see cref="ReorderPoint"/> is right whichever override is set.
    /// </summary>
    /// <param name="classified">
    /// False when the class is only the default of a SKU without demand that no run has ranked yet:
    /// it is left unset, so that the SKU's first demand ranks it within its client.
    /// </param>
    public void ApplyPlanning(ReorderFigures figures, DateTime at, bool classified = true)
    {
        AbcClass = classified ? figures.AbcClass : AbcClass;
        DemandMean = figures.Demand.Mean;
        DemandStdDev = figures.Demand.StdDev;
        PriorityDemandMean = figures.Demand.PriorityMean;
        LeadTimeMean = figures.LeadTime.Mean;
        LeadTimeStdDev = figures.LeadTime.StdDev;
        LeadTimeFromHistory = figures.LeadTime.FromHistory;
        ServiceLevel = figures.ServiceLevel;
        ComputedSafetyStock = figures.ComputedSafetyStock;
        ComputedReorderPoint = figures.ReorderPointFromSafetyStock;
        PlanningComputedAt = at;
    }

    /// <summary>The SKU's own service level in percent (over the client's and the ABC default); null to inherit.</summary>
    public void SetServiceLevel(decimal? percent)
    {
        if (percent is <= 0m or >= 100m)
        {
            throw new DomainException("A service level must be above 0% and below 100%.", "serviceLevel");
        }

        ServiceLevelOverride = percent;
    }

    public void SetComputedPlanning(int reorderPoint, int safetyStock, decimal? serviceLevelOverride = null)
    {
        ComputedReorderPoint = reorderPoint;
        ComputedSafetyStock = safetyStock;
        ServiceLevelOverride ??= serviceLevelOverride;
    }

    public void AddBarcode(string code)
    {
        if (_barcodes.All(b => b.Code != code))
        {
            _barcodes.Add(new SkuBarcode(this, code));
        }
    }

    /// <summary>Makes <paramref name="codes"/> the SKU's barcodes: others are removed, new ones added.</summary>
    public void ReplaceBarcodes(IReadOnlyCollection<string> codes)
    {
        _barcodes.RemoveAll(b => !codes.Contains(b.Code));
        foreach (var code in codes)
        {
            AddBarcode(code);
        }
    }

    // ----- Stock movements: the only way OnHand changes. -----

    /// <summary>Writes a ledger row and moves the cached on-hand in the same unit of work.</summary>
    internal StockMovement Move(MovementKind kind, int qty, DateTime at, string cause)
    {
        if (qty == 0 && kind != MovementKind.Count)
        {
            throw new DomainException("A stock movement needs a non-zero quantity.", "qty");
        }

        if (OnHand + qty < 0)
        {
            throw new DomainException(
                $"{Code} has {OnHand} on hand; a movement of {qty} would take it below zero.", "qty");
        }

        if (OnHand + qty < Allocated)
        {
            // Callers take allocations back first (rules.md R2.7); reaching here is a bug.
            throw new InvalidOperationException(
                $"{Code}: on hand {OnHand + qty} would fall below allocated {Allocated}.");
        }

        OnHand += qty;
        return new StockMovement(this, kind, qty, at, cause);
    }

    internal void AddAllocated(int qty)
    {
        if (qty > 0 && qty > Available)
        {
            throw new InvalidOperationException($"{Code}: cannot allocate {qty}, only {Available} available.");
        }

        Allocated += qty;
    }

    internal void AddBackordered(int qty) => Backordered += qty;

    internal void AddOnOrder(int qty) => OnOrder += qty;
}

public sealed class SkuBarcode
{
    private SkuBarcode()
    {
    }

    internal SkuBarcode(Sku sku, string code)
    {
        Sku = sku;
        Code = code;
    }

    public int Id { get; private set; }

    public int SkuId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public string Code { get; private set; } = "";
}
