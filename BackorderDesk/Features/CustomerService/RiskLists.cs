using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.CustomerService;

/// <summary>A waiting line an agent should act on, with why.</summary>
public sealed record RiskLine(string OrderNumber, int LineNumber, string Customer, string? Email, string Sku, int WaitingQty, DateTime? BackorderedAt, DateOnly? EtaFrom, DateOnly? EtaTo, int EtaSlips, DateTime? AuthorizationExpiresAt);

/// <param name="Total">How many lines are on the list (Lines holds one page of <see cref="RiskLists.MaxRows"/>).</param>
/// <param name="Page">Which page Lines is, from 1.</param>
public sealed record RiskList(int Total, IReadOnlyList<RiskLine> Lines, int Page = 1)
{
    public int Pages => Math.Max(1, (Total + RiskLists.MaxRows - 1) / RiskLists.MaxRows);
}

/// <summary>The page of each call list to show, from 1 (a page past the end shows the last).</summary>
public sealed record RiskPages(int Rolling = 1, int AuthorizationExpires = 1, int LongWaits = 1);

public sealed record RiskOverview(RiskList Rolling, RiskList AuthorizationExpires, RiskList LongWaits, int ToleranceDays);

/// <summary>
/// The agents' call lists: rolling backorders (the ETA moved later twice or more: call, do not
/// template), lines whose payment authorization has lapsed or lapses before their ETA (re-authorize), and
/// waits longer than <c>BackorderDesk:CustomerService:WaitToleranceDays</c> (likely cancellations).
/// </summary>
public sealed class RiskLists(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public const int MaxRows = 25;

    public Task<RiskOverview> HandleAsync(CancellationToken cancellationToken) => HandleAsync(new RiskPages(), cancellationToken);

    public async Task<RiskOverview> HandleAsync(RiskPages pages, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var tolerance = options.CurrentValue.CustomerService.WaitToleranceDays;
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-tolerance);

        // One pass over the waiting lines (a small part of all lines), then the three lists in memory:
        // six filtered scans of every order line cost seconds on a million lines.
        var waiting = await db.OrderLines.AsNoTracking()
            .Where(l => l.WaitingQty > 0)
            .Select(l => new { l.Id, l.EtaSlips, l.BackorderedAt, l.EtaTo, l.Order.PaymentAuthorizationExpiresAt })
            .ToListAsync(cancellationToken);

        var rolling = waiting.Where(l => l.EtaSlips >= 2)
            .OrderByDescending(l => l.EtaSlips).ThenBy(l => l.BackorderedAt).ThenBy(l => l.Id).Select(l => l.Id).ToList();
        // An authorization that has already lapsed is on the list whatever the ETA (a line with no date
        // yet would otherwise never be), so the customer is asked again before the units arrive.
        var expires = waiting.Where(l => l.PaymentAuthorizationExpiresAt is { } at && (at <= now || (l.EtaTo is { } to && DateOnly.FromDateTime(at) < to)))
            .OrderBy(l => l.PaymentAuthorizationExpiresAt).ThenBy(l => l.Id).Select(l => l.Id).ToList();
        var longWaits = waiting.Where(l => l.BackorderedAt is { } at && at < since)
            .OrderBy(l => l.BackorderedAt).ThenBy(l => l.Id).Select(l => l.Id).ToList();

        static int Clamp(int page, int count) => Math.Clamp(page, 1, Math.Max(1, (count + MaxRows - 1) / MaxRows));
        static IEnumerable<long> PageOf(List<long> ids, int page) => ids.Skip((page - 1) * MaxRows).Take(MaxRows);
        var rollingPage = Clamp(pages.Rolling, rolling.Count);
        var expiresPage = Clamp(pages.AuthorizationExpires, expires.Count);
        var longPage = Clamp(pages.LongWaits, longWaits.Count);
        var shown = PageOf(rolling, rollingPage).Concat(PageOf(expires, expiresPage)).Concat(PageOf(longWaits, longPage)).Distinct().ToList();
        var rows = await db.OrderLines.AsNoTracking()
            .Where(l => shown.Contains(l.Id))
            .Select(l => new
            {
                l.Id,
                Row = new RiskLine(
                    l.Order.Number,
                    l.LineNumber,
                    l.Order.Customer.Name,
                    l.Order.Customer.Email,
                    l.Sku.Code,
                    l.WaitingQty,
                    l.BackorderedAt,
                    l.EtaFrom,
                    l.EtaTo,
                    l.EtaSlips,
                    l.Order.PaymentAuthorizationExpiresAt),
            })
            .ToDictionaryAsync(r => r.Id, r => r.Row, cancellationToken);

        RiskList List(List<long> ids, int page) => new(ids.Count, PageOf(ids, page).Where(rows.ContainsKey).Select(id => rows[id]).ToList(), page);
        return new RiskOverview(List(rolling, rollingPage), List(expires, expiresPage), List(longWaits, longPage), tolerance);
    }
}
