using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Receiving;

/// <summary>A scan of arriving units: by barcode or SKU code, with the device's or page's scan id.</summary>
public sealed record ReceiptRequest(string? ScanId, string? Barcode, string? Sku, int? Qty, string? PurchaseOrder);

public sealed record ReceiptAllocation(string OrderNumber, int LineNumber, int Qty, bool CrossDock);

/// <summary>Where the units went. <c>Applied</c> is false when the scan id was seen before (a replay).</summary>
public sealed record ReceiptAnswer(bool Applied, string ScanId, string Sku, string SkuName, int Qty, int OnHand, IReadOnlyList<ReceiptAllocation> Allocations, int PutawayQty);

/// <summary>
/// Receives a scan exactly once: the scan id's row, the ledger row, the PO progress and the
/// allocations are written in one transaction; the same scan id again returns the first answer.
/// </summary>
public sealed class ReceiveScan(WarehouseWriter writer, int linesPerCommit = ReceiveScan.LinesPerCommit)
{
    /// <summary>
    /// Lines one commit of a receipt serves. A delivery that fills more commits in chunks, in order,
    /// each atomic, so that the scans and orders of other SKUs run in between; the scan is answered
    /// after the last chunk. Until then no other command takes the shelved units out of queue order.
    /// </summary>
    public const int LinesPerCommit = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ReceiptAnswer> HandleAsync(ReceiptRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, station: null, cancellationToken);

    /// <summary>
    /// As above, recording the receiving station that scanned it (the Receiving page's browser), so
    /// that station's recent scans can be listed again. The station is not part of the scan's
    /// fingerprint: a resend is the same scan wherever it comes from.
    /// </summary>
    public Task<ReceiptAnswer> HandleAsync(ReceiptRequest request, string? station, CancellationToken cancellationToken)
    {
        new InputCheck()
            .Code("scanId", request.ScanId)
            .That(!string.IsNullOrWhiteSpace(request.Barcode) || !string.IsNullOrWhiteSpace(request.Sku), "barcode", "Send a barcode or a sku.")
            .Code("barcode", request.Barcode, required: false)
            .Code("sku", request.Sku, required: false)
            .Quantity("qty", request.Qty)
            .Code("purchaseOrder", request.PurchaseOrder, required: false)
            .Code("station", station, required: false)
            .ThrowIfInvalid();

        var fingerprint = Fingerprint(request);
        var stationId = string.IsNullOrWhiteSpace(station) ? null : station.Trim();
        return ReceiveAsync(request, fingerprint, stationId, cancellationToken);
    }

    private async Task<ReceiptAnswer> ReceiveAsync(ReceiptRequest request, string fingerprint, string? station, CancellationToken cancellationToken)
    {
        // A scan id another instance commits meanwhile makes the writer run the command again
        // (DatabaseBusy.IsUniqueKeyTaken): the second run finds that scan and answers as a replay.
        var (answer, skuId, receivedAt, settled) = await writer.WriteAsync((scope, ct) => ApplyAsync(scope, request, fingerprint, station, ct), cancellationToken);

        // The rest of the delivery, chunk by chunk; once the first commit stands, the caller going away
        // does not leave the shelved units unserved.
        while (!settled)
        {
            var first = answer;
            (answer, settled) = await writer.WriteAsync((scope, ct) => ContinueAsync(scope, first, skuId, receivedAt, linesPerCommit, ct), CancellationToken.None);
        }

        return answer;
    }

    /// <summary>
    /// The next chunk of a receipt's allocation. The last one answers with every allocation the receipt
    /// made (a command that used the SKU in between may have served some of them) and stores that
    /// answer for the scan id.
    /// </summary>
    private static async Task<(ReceiptAnswer Answer, bool Settled)> ContinueAsync(WriteScope scope, ReceiptAnswer first, int skuId, DateTime receivedAt, int linesPerCommit, CancellationToken ct)
    {
        scope.ContinuesReceipt = true;
        var current = await scope.Db.Skus.AsNoTracking().FirstAsync(s => s.Id == skuId, ct);
        var book = await scope.BookAsync(current, ct);
        var outcome = WarehouseOperations.ContinueAllocation(book, WarehouseOperations.ReceiptContext(first.ScanId, scope.Now), scope.Operation, linesPerCommit);
        if (!outcome.Settled)
        {
            return (first, false);
        }

        scope.ReceiptSettled(skuId);

        // Written so far in this transaction (the pipeline runs after the command): this chunk's own come from memory.
        var earlier = await scope.Db.Allocations.AsNoTracking()
            .Where(a => a.At >= receivedAt && a.SkuId == skuId && a.Cause == AllocationCause.Receipt && a.CauseReference == first.ScanId)
            .OrderBy(a => a.Id)
            .Select(a => new ReceiptAllocation(a.Line.Order.Number, a.Line.LineNumber, a.Qty, a.CrossDock))
            .ToListAsync(ct);
        var mine = outcome.Allocations.Select(a => new ReceiptAllocation(a.Line.Order.Number, a.Line.LineNumber, a.Qty, a.CrossDock));
        var allocations = earlier.Concat(mine).ToList();
        var crossDocked = Math.Min(first.Qty, allocations.Sum(a => a.Qty));
        var answer = first with { Allocations = allocations, PutawayQty = first.Qty - crossDocked };
        var response = JsonSerializer.Serialize(answer, Json);
        await scope.Db.ReceiptScans.Where(r => r.ScanId == first.ScanId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, response), ct);
        return (answer, true);
    }

    private async Task<(ReceiptAnswer Answer, int SkuId, DateTime ReceivedAt, bool Settled)> ApplyAsync(WriteScope scope, ReceiptRequest request, string fingerprint, string? station, CancellationToken ct)
    {
        var db = scope.Db;
        var scanId = request.ScanId!.Trim();
        var earlier = await db.ReceiptScans.AsNoTracking().FirstOrDefaultAsync(r => r.ScanId == scanId, ct);
        if (earlier is not null)
        {
            if (earlier.Fingerprint != fingerprint)
            {
                throw new DomainException($"Scan id {scanId} was already used for a different receipt; give this scan a new id.", "scanId");
            }

            return (JsonSerializer.Deserialize<ReceiptAnswer>(earlier.Response, Json)! with { Applied = false }, earlier.SkuId, scope.Now, true);
        }

        // The SKU row as it is now: its version says whether the writer's cached book is still current.
        var current = await FindSkuAsync(db, request, ct);
        var book = await scope.BookAsync(current, ct);
        var qty = request.Qty!.Value;
        PurchaseOrderLine? poLine = null;
        if (!string.IsNullOrWhiteSpace(request.PurchaseOrder))
        {
            var number = request.PurchaseOrder.Trim();
            poLine = book.OpenPoLines.FirstOrDefault(p => p.PurchaseOrder.Number == number)
                ?? throw new DomainException(
                    await db.PurchaseOrders.AnyAsync(p => p.Number == number, ct)
                        ? $"Purchase order {number} has no open line for {current.Code}."
                        : $"Purchase order {number} does not exist.",
                    "purchaseOrder");
        }

        if (CompletesPurchaseLine(book, qty, poLine))
        {
            // A purchase-order line received in full moves its supplier's lateness, and with it the ETAs
            // of every SKU the supplier serves: that receipt takes the tracked way, like other rare writes.
            scope.DropBook(book);
            var tracked = await db.Skus.Include(s => s.Supplier).FirstAsync(s => s.Id == current.Id, ct);
            book = await scope.LoadBookAsync(tracked, ct);
            poLine = poLine is null ? null : book.OpenPoLines.First(p => p.Id == poLine.Id);
        }

        var openBefore = book.OpenPoLines.ToList();
        var outcome = WarehouseOperations.Receive(book, qty, scanId, poLine, scope.Operation, linesPerCommit);
        if (!outcome.Settled)
        {
            scope.ContinueReceiptLater(book.Sku.Id, WarehouseOperations.ReceiptContext(scanId, scope.Now));
        }

        foreach (var supplierId in openBefore.Where(p => p.OpenQty == 0).Select(p => p.PurchaseOrder.SupplierId).Distinct())
        {
            // A completed line adds its delay to the supplier's lateness percentiles.
            await SupplierLateness.RefreshAsync(scope, supplierId, ct);
        }

        var sku = book.Sku;
        var answer = new ReceiptAnswer(
            true,
            scanId,
            sku.Code,
            sku.Name,
            qty,
            sku.OnHand,
            outcome.Allocations.Select(a => new ReceiptAllocation(a.Line.Order.Number, a.Line.LineNumber, a.Qty, a.CrossDock)).ToList(),
            outcome.PutawayQty);
        db.ReceiptScans.Add(new ReceiptScan(scanId, sku.Id, qty, fingerprint, scope.Now, station)
        {
            Response = JsonSerializer.Serialize(answer, Json),
        });
        scope.Events.Add(new ReceiptScanned(scanId, sku.Code, qty));
        return (answer, sku.Id, scope.Now, outcome.Settled);
    }

    /// <summary>Whether the receipt fills a purchase-order line (the one named, or else the first expected, as <see cref="WarehouseOperations.Receive"/> counts it).</summary>
    private static bool CompletesPurchaseLine(SkuBook book, int qty, PurchaseOrderLine? named)
    {
        var first = WarehouseOperations.ReceivingOrder(book, named).FirstOrDefault();
        return first is not null && qty >= first.OpenQty;
    }

    private static async Task<Sku> FindSkuAsync(WarehouseDbContext db, ReceiptRequest request, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(request.Barcode))
        {
            var barcode = request.Barcode.Trim();
            var byBarcode = await db.Skus.AsNoTracking().FirstOrDefaultAsync(s => s.Barcodes.Any(b => b.Code == barcode), ct);
            return byBarcode ?? throw new DomainException($"Barcode {barcode} belongs to no SKU. Check the label, or add the barcode to its SKU.", "barcode");
        }

        var code = request.Sku!.Trim();
        return await db.Skus.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct)
            ?? throw new DomainException($"SKU {code} does not exist. Create it first.", "sku");
    }

    private static string Fingerprint(ReceiptRequest request)
    {
        var canonical = string.Join('\u001f', request.Barcode?.Trim() ?? "", request.Sku?.Trim() ?? "", request.Qty, request.PurchaseOrder?.Trim() ?? "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
