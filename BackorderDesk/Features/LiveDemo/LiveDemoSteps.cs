using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Replay;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.LiveDemo;

/// <summary>
/// What the live demo does, one step at a time, through the services the API uses: an order from
/// the generator, a truck for the purchase order due first, a few shipments of allocated units, and
/// the purchase orders the reorder suggestions ask for. Nothing is written around the services.
/// </summary>
public sealed class LiveDemoSteps(
    IDbContextFactory<WarehouseDbContext> factory,
    PlaceOrder placeOrder,
    ReceiveScan receive,
    ShipOrder ship,
    SuggestPurchaseOrders suggest,
    TimeProvider time)
{
    /// <summary>Live demo orders are numbered LD-000001, LD-000002, … after the highest already in the database.</summary>
    public const string OrderPrefix = "LD-";

    /// <summary>The most suggested lines ordered in one round (the most urgent first).</summary>
    public const int MaxSuggestedLines = 100;

    public static readonly DeskActor Actor = new("live-demo", "Live demo");

    private int? _lastNumber;

    /// <summary>Places the generator's next order; null when the product refused it (a StopSelling SKU sold out).</summary>
    public async Task<LiveDemoActivity?> PlaceOrderAsync(WarehouseSimulation simulation, Random random, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var order = simulation.NextOrder(simulation.PickClient(random), now.UtcDateTime, random);
        if (order.Lines.Count == 0)
        {
            return null;
        }

        var number = OrderPrefix + (await NextNumberAsync(ct)).ToString("000000", CultureInfo.InvariantCulture);
        var request = order.ToRequest(number, null);
        try
        {
            await placeOrder.PlaceAsync(request, ct);
        }
        catch (DomainException)
        {
            // Refused, as a shop's "sold out": the demo's customer goes elsewhere.
            return null;
        }
        catch (ConflictException)
        {
            // Someone else used the number: count afresh from the database next time.
            _lastNumber = null;
            throw;
        }

        var units = order.Lines.Sum(l => l.Qty);
        return new LiveDemoActivity(LiveDemoKinds.Order, number, $"{units} {(units == 1 ? "unit" : "units")} for {order.Customer.Name}", now);
    }

    /// <summary>The open purchase order due first (the oldest overdue, else the nearest) arrives in full: each open line one scan.</summary>
    public async Task<LiveDemoActivity?> ReceiveTruckAsync(CancellationToken ct)
    {
        string? number;
        List<(long Id, string Sku, int Open, int Received)> lines;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            number = await db.PurchaseOrderLines.AsNoTracking()
                .Where(l => l.OpenQty > 0)
                .GroupBy(l => l.PurchaseOrder.Number)
                .Select(g => new { Number = g.Key, Due = g.Min(l => l.ExpectedDate) })
                .OrderBy(p => p.Due)
                .ThenBy(p => p.Number)
                .Select(p => p.Number)
                .FirstOrDefaultAsync(ct);
            if (number is null)
            {
                return null;
            }

            var rows = await db.PurchaseOrderLines.AsNoTracking()
                .Where(l => l.PurchaseOrder.Number == number && l.OpenQty > 0)
                .OrderBy(l => l.Id)
                .Select(l => new { l.Id, Sku = l.Sku.Code, l.OpenQty, l.ReceivedQty })
                .ToListAsync(ct);
            lines = rows.Select(r => ((long)r.Id, r.Sku, r.OpenQty, r.ReceivedQty)).ToList();
        }

        int units = 0, crossDocked = 0;
        foreach (var line in lines)
        {
            // One scan id per truck line: what the line had received says which truck this is, so a
            // retry of the same truck is the same scan.
            var answer = await receive.HandleAsync(new ReceiptRequest($"live-demo-{line.Id}-{line.Received}", null, line.Sku, line.Open, number), ct);
            units += answer.Qty;
            crossDocked += answer.Allocations.Sum(a => a.Qty);
        }

        return new LiveDemoActivity(LiveDemoKinds.Truck, number, $"{units} units received, {crossDocked} straight to waiting orders", time.GetUtcNow());
    }

    /// <summary>Ships up to <paramref name="orders"/> orders with allocated units, the oldest first.</summary>
    public async Task<LiveDemoActivity?> ShipAsync(int orders, CancellationToken ct)
    {
        List<(string Number, List<(int Line, int Qty)> Lines)> ready;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var rows = await db.Orders.AsNoTracking()
                .Where(o => o.Lines.Any(l => l.AllocatedQty > 0 && !l.OnHold))
                .Where(o => o.ShipPolicy != ShipPolicy.ShipComplete || !o.Lines.Any(l => l.OpenQty > 0 && (l.WaitingQty > 0 || l.OnHold)))
                .OrderBy(o => o.PlacedAt)
                .ThenBy(o => o.Id)
                .Take(orders)
                .Select(o => new
                {
                    o.Number,
                    Lines = o.Lines.Where(l => l.AllocatedQty > 0 && !l.OnHold).Select(l => new { l.LineNumber, l.AllocatedQty }).ToList(),
                })
                .ToListAsync(ct);
            ready = rows.Select(r => (r.Number, r.Lines.Select(l => (l.LineNumber, l.AllocatedQty)).ToList())).ToList();
        }

        var (last, count, units) = ((string?)null, 0, 0);
        foreach (var (number, lines) in ready)
        {
            try
            {
                var (_, shipped) = await ship.ShipAsync(new ShipmentRequest(number, lines.Select(l => (ShipmentLineInput?)new ShipmentLineInput(l.Line, l.Qty)).ToList()), ct);
                (last, count, units) = (number, count + 1, units + shipped.Sum(l => l.Qty));
            }
            catch (DomainException)
            {
                // Changed since it was read (cancelled, held): the next round sees it as it is.
            }
        }

        return last is null ? null : new LiveDemoActivity(LiveDemoKinds.Shipment, last, $"{count} {(count == 1 ? "order" : "orders")} shipped, {units} {(units == 1 ? "unit" : "units")}", time.GetUtcNow());
    }

    /// <summary>Places the purchase orders the reorder suggestions ask for, one per supplier.</summary>
    public async Task<LiveDemoActivity?> OrderSuggestedAsync(CancellationToken ct)
    {
        LiveDemoActivity? last = null;
        foreach (var supplier in await suggest.HandleAsync(null, MaxSuggestedLines, ct))
        {
            var number = await suggest.CreateAsync(supplier.Supplier, supplier.Lines.Select(l => new SuggestedOrderLine(l.Sku, l.SuggestedQty)).ToList(), Actor, ct);
            last = new LiveDemoActivity(LiveDemoKinds.PurchaseOrder, number, $"{supplier.Lines.Count} SKUs from {supplier.Name}", time.GetUtcNow());
        }

        return last;
    }

    private async Task<int> NextNumberAsync(CancellationToken ct)
    {
        if (_lastNumber is null)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var highest = await db.Orders.AsNoTracking()
                .Where(o => o.Number.StartsWith(OrderPrefix))
                .OrderByDescending(o => o.Number)
                .Select(o => o.Number)
                .FirstOrDefaultAsync(ct);
            _lastNumber = highest is not null && int.TryParse(highest.AsSpan(OrderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        _lastNumber = _lastNumber.Value + 1;
        return _lastNumber.Value;
    }
}
