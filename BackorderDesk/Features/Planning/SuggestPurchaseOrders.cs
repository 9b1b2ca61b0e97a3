using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// A SKU to order now. <see cref="Clears"/>: the backordered units this quantity would fill on arrival,
/// after the units already on order have filled theirs (<c>min(qty, max(0, backordered − on order))</c>).
/// </summary>
public sealed record SuggestedLine(string Sku, string Name, int InventoryPosition, int ReorderPoint, int OnOrder, int Backordered, int SuggestedQty, int LeadTimeDays)
{
    public int Clears(int qty) => Math.Min(Math.Max(0, qty), Math.Max(0, Backordered - OnOrder));
}

public sealed record SupplierSuggestion(string Supplier, string Name, IReadOnlyList<SuggestedLine> Lines);

public sealed record SuggestedOrderLine(string Sku, int Qty);

/// <summary>
/// Suggested purchase orders: the reorder alerts (<see cref="ReorderAlerts"/>) grouped by supplier,
/// and their creation as real purchase orders through <see cref="PlacePurchaseOrder"/>, numbered
/// <c>PO-yyyyMMdd-NNN</c>, each line expected today + the SKU's configured lead time (the supplier's
/// when the SKU has none). Alerts of SKUs without a supplier cannot be ordered and are left out.
/// </summary>
public sealed class SuggestPurchaseOrders(ReorderAlerts alerts, PlacePurchaseOrder place, IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    /// <summary>The most urgent alerts a page suggests at once.</summary>
    public const int MaxLines = 200;

    private const int NumberAttempts = 5;

    public async Task<IReadOnlyList<SupplierSuggestion>> HandleAsync(string? client, int? take, CancellationToken cancellationToken)
    {
        var list = (await alerts.HandleAsync(client, take, cancellationToken)).Where(a => a.Supplier is not null && a.SuggestedQty > 0).ToList();
        if (list.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var codes = list.Select(a => a.Sku).ToList();
        var leadTimes = new Dictionary<string, int>();
        foreach (var chunk in codes.Chunk(500))
        {
            var rows = await db.Skus.Where(s => chunk.Contains(s.Code))
                .Select(s => new { s.Code, Lead = s.LeadTimeDays ?? (s.Supplier == null ? 0 : s.Supplier.LeadTimeDays) })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                leadTimes[row.Code] = row.Lead;
            }
        }

        var names = await db.Suppliers.ToDictionaryAsync(s => s.Code, s => s.Name, cancellationToken);
        return list
            .GroupBy(a => a.Supplier!)
            .OrderBy(g => g.Key, TextOrder.Instance)
            .Select(g => new SupplierSuggestion(
                g.Key,
                names.GetValueOrDefault(g.Key, g.Key),
                g.Select(a => new SuggestedLine(a.Sku, a.Name, a.InventoryPosition, a.ReorderPoint, a.OnOrder, a.Backordered, a.SuggestedQty, leadTimes.GetValueOrDefault(a.Sku)))
                    .OrderByDescending(l => l.Backordered).ThenBy(l => l.Sku, TextOrder.Instance)
                    .ToList()))
            .ToList();
    }

    /// <summary>Places one purchase order for the supplier with the given lines; answers its number.</summary>
    public async Task<string> CreateAsync(string supplier, IReadOnlyList<SuggestedOrderLine> lines, DeskActor actor, CancellationToken cancellationToken)
    {
        var check = new InputCheck().That(lines.Count > 0, "lines", "Keep at least one line to order.");
        check.ThrowIfInvalid();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Dictionary<string, int> leadTimes;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var codes = lines.Select(l => l.Sku).ToList();
            leadTimes = await db.Skus.Where(s => codes.Contains(s.Code))
                .Select(s => new { s.Code, Lead = s.LeadTimeDays ?? (s.Supplier == null ? 0 : s.Supplier.LeadTimeDays) })
                .ToDictionaryAsync(s => s.Code, s => s.Lead, cancellationToken);
        }

        var request = lines.Select(l => new PurchaseOrderLineRequest(l.Sku, l.Qty, today.AddDays(leadTimes.GetValueOrDefault(l.Sku)))).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var number = await NextNumberAsync(today, cancellationToken);
            try
            {
                await place.HandleAsync(new PurchaseOrderRequest(number, supplier, request), actor, cancellationToken);
                return number;
            }
            catch (ConflictException) when (attempt < NumberAttempts)
            {
                // Another planner took the number a moment ago: take the next one.
            }
        }
    }

    private async Task<string> NextNumberAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var prefix = $"PO-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-";
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var taken = await db.PurchaseOrders.Where(p => p.Number.StartsWith(prefix)).Select(p => p.Number).ToListAsync(cancellationToken);
        var last = taken.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0).DefaultIfEmpty(0).Max();
        return prefix + (last + 1).ToString("000", CultureInfo.InvariantCulture);
    }
}

/// <summary>A suggested purchase order as the planner edited it, about to be created.</summary>
public sealed record PlannedPurchaseOrder(string Supplier, string SupplierName, IReadOnlyList<SuggestedOrderLine> Lines);
