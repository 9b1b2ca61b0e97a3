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
        // The page offers this supplier's suggested SKUs with a quantity each; anything else is refused here, not only by the page.
        var check = new InputCheck()
            .Code("supplier", supplier)
            .That(lines is { Count: > 0 }, "lines", "Keep at least one line to order.");
        for (var i = 0; i < (lines?.Count ?? 0); i++)
        {
            check.Code($"lines[{i}].sku", lines![i]?.Sku).Quantity($"lines[{i}].qty", lines[i]?.Qty);
        }

        check.ThrowIfInvalid();
        supplier = supplier.Trim();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Dictionary<string, int> leadTimes;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Suppliers.AnyAsync(s => s.Code == supplier, cancellationToken))
            {
                throw new DomainException($"Supplier {supplier} does not exist; pick a supplier from the suggested purchase orders.", "supplier");
            }

            var codes = lines!.Select(l => l.Sku.Trim()).ToList();
            var skus = await db.Skus.Where(s => codes.Contains(s.Code))
                .Select(s => new { s.Code, Supplier = s.Supplier == null ? null : s.Supplier.Code, Lead = s.LeadTimeDays ?? (s.Supplier == null ? 0 : s.Supplier.LeadTimeDays) })
                .ToListAsync(cancellationToken);
            var foreign = new InputCheck();
            for (var i = 0; i < codes.Count; i++)
            {
                var sku = skus.FirstOrDefault(s => s.Code == codes[i]);
                foreign.That(sku is not null, $"lines[{i}].sku", $"SKU {codes[i]} does not exist; order only the suggested SKUs.")
                    .That(sku is null || sku.Supplier == supplier, $"lines[{i}].sku", $"SKU {codes[i]} is not supplied by {supplier}; order it on its own supplier's purchase order.");
            }

            foreign.ThrowIfInvalid();
            leadTimes = skus.ToDictionary(s => s.Code, s => s.Lead);
        }

        var request = lines!.Select(l => new PurchaseOrderLineRequest(l.Sku.Trim(), l.Qty, today.AddDays(leadTimes.GetValueOrDefault(l.Sku.Trim())))).ToList();
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
