using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

/// <param name="UnitsAhead">Waiting units of the lines ahead in the SKU's queue (held lines included: they keep their place).</param>
/// <param name="EtaBasis">What the ETA rests on, e.g. "PO-4471 expected Dec 3; this supplier is usually 0–3 days late".</param>
public sealed record LineQueueInfo(int LineNumber, int UnitsAhead, string EtaBasis);

public sealed record ReleasedUnits(string OrderNumber, int LineNumber, int Qty);

public sealed record CustomerOrder(string Number, OrderStatus Status, DateTime PlacedAt);

/// <summary>Everything the desk shows about one order.</summary>
public sealed record DeskOrder(
    OrderView Order,
    IReadOnlyDictionary<int, LineQueueInfo> Queue,
    IReadOnlyList<CustomerOrder> CustomerOrders,
    PendingExpedite? PendingExpedite,
    string Answer,
    IReadOnlyDictionary<string, DateOnly>? PreorderReleases = null);

/// <summary>
/// The desk's order view: GetOrder, plus for each waiting line the units ahead of it and the basis
/// of its ETA (the purchase order that covers it and the supplier's usual lateness, or that no
/// supply is confirmed), the customer's other orders and a pending expedite request.
/// </summary>
public sealed class DeskOrderDetails(GetOrder getOrder, IDbContextFactory<WarehouseDbContext> factory)
{
    public const int MaxCustomerOrders = 10;

    public async Task<DeskOrder> HandleAsync(string number, CancellationToken cancellationToken)
    {
        var order = await getOrder.HandleAsync(number, cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order.Number == number && l.WaitingQty > 0)
            .Select(l => new
            {
                l.LineNumber,
                l.SkuId,
                l.OnHold,
                Waiting = l.WaitingQty,
                Available = l.Sku.OnHand - l.Sku.Allocated,
                Supplier = l.Sku.Supplier == null ? null : l.Sku.Supplier.Name,
                LateFrom = l.Sku.Supplier == null ? 0 : l.Sku.Supplier.EtaRangeFromDays,
                LateTo = l.Sku.Supplier == null ? 0 : l.Sku.Supplier.EtaRangeToDays,
                LeadTime = l.Sku.LeadTimeDays ?? (l.Sku.Supplier == null ? (int?)null : l.Sku.Supplier.LeadTimeDays),
                Ahead = db.OrderLines
                    .Where(w => w.SkuId == l.SkuId
                        && w.WaitingQty > 0
                        && (w.Order.Priority < l.Order.Priority
                            || (w.Order.Priority == l.Order.Priority
                                && (w.Order.PlacedAt < l.Order.PlacedAt
                                    || (w.Order.PlacedAt == l.Order.PlacedAt
                                        && (string.Compare(w.Order.Number, l.Order.Number) < 0
                                            || (w.Order.Number == l.Order.Number && w.LineNumber < l.LineNumber)))))))
                    .Sum(w => (int?)(w.WaitingQty)) ?? 0,
            })
            .ToListAsync(cancellationToken);

        var skuIds = lines.Select(l => l.SkuId).Distinct().ToList();
        var inbound = (await db.PurchaseOrderLines.AsNoTracking()
                .Where(p => skuIds.Contains(p.SkuId) && p.OpenQty > 0)
                .Select(p => new { p.SkuId, p.Id, p.PurchaseOrder.Number, p.ExpectedDate, Open = p.OpenQty })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.SkuId);

        var queue = lines.ToDictionary(
            l => l.LineNumber,
            l =>
            {
                var supply = inbound[l.SkuId].OrderBy(p => p.ExpectedDate).ThenBy(p => p.Id).Select(p => (p.Number, p.ExpectedDate, p.Open)).ToList();

                // As the ETA rules count: every line ahead counts, held ones too (rules.md R3.1: under-promise).
                var needed = l.Ahead + l.Waiting - Math.Max(0, l.Available);
                var basis = l.OnHold
                    ? "on hold: skipped by allocation until released (keeps its place)"
                    : EtaBasis(needed, supply, l.Supplier, l.LateFrom, l.LateTo, l.LeadTime);
                return new LineQueueInfo(l.LineNumber, l.Ahead, basis);
            });

        var customerOrders = await db.Orders.AsNoTracking()
            .Where(o => o.Customer.Code == order.Customer.Code)
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Take(MaxCustomerOrders)
            .Select(o => new
            {
                o.Number,
                o.PlacedAt,
                Open = o.Lines.Sum(l => l.OpenQty),
                Allocated = o.Lines.Sum(l => l.AllocatedQty),
                Shipped = o.Lines.Sum(l => l.ShippedQty),
                Held = o.Lines.Any(l => l.OnHold && l.OpenQty > 0),
            })
            .ToListAsync(cancellationToken);
        var pending = await db.ExpediteRequests.AsNoTracking()
            .Where(r => r.Order.Number == number && r.State == ExpediteRequestState.Pending)
            .Select(r => new PendingExpedite(r.Id, r.Order.Number, r.Order.Customer.Name, r.Reason, r.RequestedBy, r.RequestedAt))
            .FirstOrDefaultAsync(cancellationToken);

        // The release date of each preorder SKU on the order: its lines wait for that day, not for stock.
        var orderSkus = order.Lines.Select(l => l.Sku).Distinct().ToList();
        var releases = await db.Skus.AsNoTracking()
            .Where(s => orderSkus.Contains(s.Code) && s.Policy == SellingPolicy.Preorder && s.ReleaseDate != null)
            .Select(s => new { s.Code, s.ReleaseDate })
            .ToDictionaryAsync(s => s.Code, s => s.ReleaseDate!.Value, cancellationToken);

        return new DeskOrder(
            order,
            queue,
            customerOrders.Select(o => new CustomerOrder(o.Number, OrderStatusRules.OrderStatusOf(o.Open, o.Open - o.Allocated, o.Allocated, o.Shipped, o.Held), o.PlacedAt)).ToList(),
            pending,
            CustomerAnswer.For(order),
            releases);
    }

    /// <summary>Where the units released by the latest cancellation on this order (at or after <paramref name="since"/>) went (the next lines in their queues).</summary>
    public async Task<IReadOnlyList<ReleasedUnits>> ReleasedByCancellationAsync(string number, DateTime since, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cancellations = db.Allocations.AsNoTracking().Where(a => a.Cause == AllocationCause.Cancellation && a.CauseReference == number && a.At >= since);
        var latest = await cancellations.OrderByDescending(a => a.Id).Select(a => (DateTime?)a.At).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return [];
        }

        return await cancellations.Where(a => a.At == latest)
            .OrderBy(a => a.Id)
            .Select(a => new ReleasedUnits(a.Line.Order.Number, a.Line.LineNumber, a.Qty))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The basis of an ETA in words: the first open PO line (by expected date) whose cumulative
    /// quantity covers <paramref name="needed"/> units, with the supplier's usual lateness; or that
    /// no supply is confirmed.
    /// </summary>
    public static string EtaBasis(int needed, IReadOnlyList<(string Number, DateOnly ExpectedDate, int Open)> supply, string? supplier, int lateFrom, int lateTo, int? leadTimeDays)
    {
        if (needed <= 0)
        {
            return "units are in stock";
        }

        var late = supplier is not null && lateTo > 0
            ? $"; this supplier is usually {lateFrom.ToString(CultureInfo.InvariantCulture)}–{lateTo.ToString(CultureInfo.InvariantCulture)} days late"
            : "";
        var covered = 0;
        foreach (var (number, expected, open) in supply)
        {
            covered += open;
            if (covered >= needed)
            {
                return $"{number} expected {NoticeTemplates.Day(expected)}{late}";
            }
        }

        return leadTimeDays is { } lead
            ? $"no confirmed supply yet (estimate from the {lead.ToString(CultureInfo.InvariantCulture)}-day lead time){late}"
            : "no confirmed supply yet, and no lead time is known: no date can be given";
    }
}
