using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

public sealed record PurchaseOrderLineRequest(string? Sku, int? Qty, DateOnly? ExpectedDate);

public sealed record PurchaseOrderRequest(string? Number, string? Supplier, IReadOnlyList<PurchaseOrderLineRequest?>? Lines);

/// <summary>
/// Places a purchase order. Its lines are inbound supply at once: the waiting lines of its SKUs get
/// new, confirmed ETAs, recorded in their ETA history with the PO as the reason.
/// </summary>
public sealed class PlacePurchaseOrder(WarehouseWriter writer, PurchaseOrderDetails details, TimeProvider time)
{
    public const int MaxLines = 500;

    public async Task<PurchaseOrderView> HandleAsync(PurchaseOrderRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var check = new InputCheck()
            .Code("number", request.Number)
            .Code("supplier", request.Supplier)
            .That(request.Lines is { Count: >= 1 and <= MaxLines }, "lines", $"A purchase order needs 1 to {MaxLines} lines.");
        var lines = request.Lines ?? [];
        for (var i = 0; i < Math.Min(lines.Count, MaxLines); i++)
        {
            var line = lines[i];
            if (line is null)
            {
                check.That(false, $"lines[{i}]", "A line needs sku, qty and expectedDate.");
                continue;
            }

            check.Code($"lines[{i}].sku", line.Sku)
                .Quantity($"lines[{i}].qty", line.Qty)
                .Date($"lines[{i}].expectedDate", line.ExpectedDate, ExpectedDates.Earliest(today), ExpectedDates.Latest(today));
            var earlier = lines.Take(i).FirstOrDefault(l => l?.Sku?.Trim() is { } sku && sku == line.Sku?.Trim());
            check.That(earlier is null, $"lines[{i}].sku", $"{line.Sku} is on the order twice; send one line per SKU.");
        }

        check.ThrowIfInvalid();
        var number = request.Number!.Trim();
        await writer.WriteAsync((scope, ct) => PlaceAsync(scope, number, request.Supplier!.Trim(), lines!, actor, ct), cancellationToken);
        return (await details.GetAsync(number, cancellationToken))!;
    }

    private static async Task<string> PlaceAsync(WriteScope scope, string number, string supplierCode, IReadOnlyList<PurchaseOrderLineRequest?> lines, DeskActor actor, CancellationToken ct)
    {
        var db = scope.Db;
        if (await db.PurchaseOrders.AnyAsync(p => p.Number == number, ct))
        {
            throw new ConflictException($"Purchase order {number} already exists.", "number");
        }

        var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Code == supplierCode, ct)
            ?? throw new DomainException($"Supplier {supplierCode} does not exist. Create it first (POST /api/suppliers).", "supplier");
        var order = new PurchaseOrder(number, supplier, scope.Now);
        db.PurchaseOrders.Add(order);

        var books = new List<SkuBook>();
        for (var i = 0; i < lines.Count; i++)
        {
            var request = lines[i]!;
            var code = request.Sku!.Trim();
            var sku = await db.Skus.FirstOrDefaultAsync(s => s.Code == code, ct)
                ?? throw new DomainException($"SKU {code} does not exist. Create it first (POST /api/skus).", $"lines[{i}].sku");

            // The book is loaded before the line exists, so the new line is added to its inbound here.
            var book = await scope.LoadBookAsync(sku, ct);
            book.OpenPoLines.Add(order.AddLine(sku, request.Qty!.Value, request.ExpectedDate!.Value));
            books.Add(book);
            scope.Changes.TouchedSkus.Add(sku);
        }

        foreach (var book in books)
        {
            WarehouseOperations.RefreshEtas(book, $"{number} placed", scope.Operation);
        }

        PurchaseOrderAudit.Created(scope, actor, order);

        return number;
    }
}

/// <summary>The window an expected date must fall in: a year back (late paperwork) to five years ahead.</summary>
internal static class ExpectedDates
{
    public static DateOnly Earliest(DateOnly today) => today.AddYears(-1);

    public static DateOnly Latest(DateOnly today) => today.AddYears(5);
}
