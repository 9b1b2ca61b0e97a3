using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Replay;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.LiveDemo;

/// <summary>
/// The replay's generator over the warehouse in the database: its clients (sharing orders as their
/// recent orders do), its SKUs with their supplier and policy (demand weighted by the planning run's
/// mean daily demand, or the units of the last weeks' orders), and the customers who ordered lately.
/// </summary>
public sealed class LiveDemoCatalog(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    /// <summary>The weeks of orders that weigh clients and SKUs that have no planning figures yet.</summary>
    public const int HistoryDays = 28;

    /// <summary>Customers a client gets when nobody has ordered from it yet.</summary>
    private const int MadeUpCustomers = 12;

    /// <summary>The most customers of recent orders the generator picks from.</summary>
    private const int MaxCustomers = 5_000;

    /// <summary>The generator, or null when no client has a SKU to sell.</summary>
    public async Task<WarehouseSimulation?> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-HistoryDays);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);

        var skus = await db.Skus.AsNoTracking()
            .Where(s => s.Policy != SellingPolicy.Discontinued)
            .Select(s => new
            {
                s.Code,
                s.Name,
                Client = s.Client.Code,
                Supplier = s.Supplier == null ? "" : s.Supplier.Code,
                s.Policy,
                s.ReleaseDate,
                s.DemandMean,
                s.CasePack,
                s.Moq,
                s.UnitCost,
            })
            .ToListAsync(cancellationToken);
        if (skus.Count == 0)
        {
            return null;
        }

        var recentUnits = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order.PlacedAt >= since)
            .GroupBy(l => l.Sku.Code)
            .Select(g => new { Sku = g.Key, Units = g.Sum(l => l.OrderedQty) })
            .ToDictionaryAsync(r => r.Sku, r => r.Units, cancellationToken);
        var recentOrders = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= since)
            .GroupBy(o => o.Client.Code)
            .Select(g => new { Client = g.Key, Orders = g.Count(), Business = g.Count(o => o.Customer.Type == CustomerType.B2b) })
            .ToDictionaryAsync(r => r.Client, cancellationToken);
        var customers = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= since)
            .Select(o => new { Client = o.Client.Code, o.Customer.Code, o.Customer.Name, o.Customer.Email, o.Customer.Type })
            .Distinct()
            .OrderBy(c => c.Code)
            .Take(MaxCustomers)
            .ToListAsync(cancellationToken);
        var suppliers = await db.Suppliers.AsNoTracking().Select(s => new { s.Code, s.Name, s.LeadTimeDays }).ToListAsync(cancellationToken);
        var clientNames = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);

        var simulatedSkus = skus.Select(s => new SimulatedSku(
            s.Code,
            s.Name,
            s.Client,
            s.Supplier,
            s.Policy,
            s.ReleaseDate,
            // Only the weights within a client matter: the live demo times orders itself. A SKU nobody
            // has ordered lately still gets a small chance.
            Math.Max(s.DemandMean > 0 ? s.DemandMean : recentUnits.GetValueOrDefault(s.Code) / (double)HistoryDays, 0.02),
            0,
            1,
            [],
            0,
            s.CasePack,
            s.Moq,
            s.UnitCost)).ToList();

        var simulatedCustomers = customers
            .Select(c => new SimulatedCustomer(c.Code, c.Name, c.Email ?? "", c.Type, c.Client, null))
            .ToList();
        var clients = new List<SimulatedClient>();
        foreach (var code in simulatedSkus.Select(s => s.Client).Distinct().Order(StringComparer.Ordinal))
        {
            var recent = recentOrders.GetValueOrDefault(code);
            if (!simulatedCustomers.Any(c => c.Client == code && c.Type == CustomerType.Dtc))
            {
                // The generator needs consumers to order; a client nobody ordered from lately gets a few.
                simulatedCustomers.AddRange(Enumerable.Range(1, MadeUpCustomers).Select(n => new SimulatedCustomer(
                    $"{code}-LIVE-{n:00}",
                    $"Live demo customer {n}",
                    $"live-demo-{n}@{code.ToLowerInvariant()}.example",
                    CustomerType.Dtc,
                    code,
                    null)));
            }

            // A client without recent orders still gets a share of one order in a month.
            var orders = Math.Max(recent?.Orders ?? 0, 1);
            clients.Add(new SimulatedClient(code, clientNames.GetValueOrDefault(code, code), orders, (recent?.Business ?? 0) / (double)orders));
        }

        var behaviours = suppliers
            .Select(s => new SupplierBehaviour(s.Code, s.Name, s.LeadTimeDays, OnTimeShare: 1, TypicalDelayDays: 0, TailIndex: 2, AnnouncesSlips: 0))
            .ToList();
        var ordersPerDay = Math.Max(recentOrders.Values.Sum(r => r.Orders) / (double)HistoryDays, 1);
        return WarehouseSimulation.FromCatalog(DateOnly.FromDateTime(now), ordersPerDay, clients, behaviours, simulatedSkus, simulatedCustomers);
    }
}
