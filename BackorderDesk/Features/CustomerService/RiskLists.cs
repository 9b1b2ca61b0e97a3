using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.CustomerService;

/// <summary>A waiting line an agent should act on, with why.</summary>
public sealed record RiskLine(string OrderNumber, int LineNumber, string Customer, string? Email, string Sku, int WaitingQty, DateTime? BackorderedAt, DateOnly? EtaFrom, DateOnly? EtaTo, int EtaSlips, DateTime? AuthorizationExpiresAt);

/// <param name="Total">How many lines are on the list (only the first <see cref="RiskLists.MaxRows"/> are in Lines).</param>
public sealed record RiskList(int Total, IReadOnlyList<RiskLine> Lines);

public sealed record RiskOverview(RiskList Rolling, RiskList AuthorizationExpires, RiskList LongWaits, int ToleranceDays);

/// <summary>
/// The agents' call lists: rolling backorders (the ETA moved later twice or more: call, do not
/// template), lines whose payment authorization expires before their ETA (re-authorize), and
/// waits longer than <c>BackorderDesk:CustomerService:WaitToleranceDays</c> (likely cancellations).
/// </summary>
public sealed class RiskLists(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public const int MaxRows = 25;

    public async Task<RiskOverview> HandleAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var tolerance = options.CurrentValue.CustomerService.WaitToleranceDays;
        var now = time.GetUtcNow().UtcDateTime;
        var waiting = db.OrderLines.AsNoTracking().Where(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0);

        var rolling = waiting.Where(l => l.EtaSlips >= 2);
        var expires = waiting.Where(l => l.EtaTo != null && l.Order.PaymentAuthorizationExpiresAt != null
            && DateOnly.FromDateTime(l.Order.PaymentAuthorizationExpiresAt.Value) < l.EtaTo);
        var since = now.AddDays(-tolerance);
        var longWaits = waiting.Where(l => l.BackorderedAt != null && l.BackorderedAt < since);
        return new RiskOverview(
            await ListAsync(rolling.OrderByDescending(l => l.EtaSlips).ThenBy(l => l.BackorderedAt), cancellationToken),
            await ListAsync(expires.OrderBy(l => l.Order.PaymentAuthorizationExpiresAt), cancellationToken),
            await ListAsync(longWaits.OrderBy(l => l.BackorderedAt), cancellationToken),
            tolerance);
    }

    private static async Task<RiskList> ListAsync(IQueryable<Domain.SalesOrderLine> lines, CancellationToken ct)
    {
        var total = await lines.CountAsync(ct);
        var rows = await lines.Take(MaxRows)
            .Select(l => new RiskLine(
                l.Order.Number,
                l.LineNumber,
                l.Order.Customer.Name,
                l.Order.Customer.Email,
                l.Sku.Code,
                l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty,
                l.BackorderedAt,
                l.EtaFrom,
                l.EtaTo,
                l.EtaSlips,
                l.Order.PaymentAuthorizationExpiresAt))
            .ToListAsync(ct);
        return new RiskList(total, rows);
    }
}
