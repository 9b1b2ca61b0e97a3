using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Planning;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

/// <summary>
/// A SKU as a channel or script describes it. <c>Policy</c> is text so that an unknown value gets a
/// field error instead of a JSON failure (and a number is not taken for an enum value).
/// </summary>
public sealed record SkuRequest(
    string? Sku,
    string? Name,
    string? Client,
    IReadOnlyList<string?>? Barcodes,
    string? Policy,
    DateOnly? ReleaseDate,
    string? Supplier,
    int? LeadTimeDays,
    int? ReorderPoint,
    int? SafetyStock,
    int? Moq,
    int? CasePack,
    decimal? UnitCost);

/// <summary>
/// Creates a SKU (<c>POST</c>) or creates/replaces it (<c>PUT</c>). A PUT replaces the description:
/// optional fields left out go back to their defaults (no supplier, no manual reorder point, MOQ
/// and case pack 1, cost 0), except <c>client</c> (a SKU's stock belongs to its client; it never
/// moves) and <c>barcodes</c> (left out keeps them; a list replaces them), so a receiving scanner
/// never loses a label by accident. A change of policy or release date runs allocation: a
/// preorder's release can make stock available to its queue (rules.md R2.1).
/// </summary>
public sealed class SaveSku(WarehouseWriter writer, SkuDetails details, TimeProvider time)
{
    public const int MaxBarcodes = 50;
    public const int MaxPlanningUnits = 100_000_000;
    public const decimal MaxUnitCost = 10_000_000m;

    private static readonly string[] PolicyNames = Enum.GetNames<SellingPolicy>();

    public async Task<SkuView> CreateAsync(SkuRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var input = Check(request, request.Sku);
        await writer.WriteAsync((scope, ct) => ApplyAsync(scope, input, mustBeNew: true, actor, ct), cancellationToken);
        return (await details.GetAsync(input.Code, cancellationToken))!;
    }

    public async Task<(bool Created, SkuView View)> UpsertAsync(string code, SkuRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var check = new InputCheck().Code("sku", code);
        check.That(request.Sku is null || request.Sku.Trim() == code.Trim(), "sku", $"The body's sku ({request.Sku}) differs from the route's ({code}); leave it out or send the same code.");
        var input = Check(request, code, check);
        var created = await writer.WriteAsync((scope, ct) => ApplyAsync(scope, input, mustBeNew: false, actor, ct), cancellationToken);
        return (created, (await details.GetAsync(input.Code, cancellationToken))!);
    }

    private Input Check(SkuRequest request, string? code, InputCheck? check = null)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        check ??= new InputCheck().Code("sku", code);
        check.Name("name", request.Name)
            .Code("client", request.Client, required: false)
            .Code("supplier", request.Supplier, required: false)
            .That(request.LeadTimeDays is null or (>= 0 and <= 365), "leadTimeDays", "leadTimeDays must be a whole number of days from 0 to 365.")
            .That(request.ReorderPoint is null or (>= 0 and <= MaxPlanningUnits), "reorderPoint", $"reorderPoint must be a whole number of units from 0 to {MaxPlanningUnits:N0}.")
            .That(request.SafetyStock is null or (>= 0 and <= MaxPlanningUnits), "safetyStock", $"safetyStock must be a whole number of units from 0 to {MaxPlanningUnits:N0}.")
            .That(request.Moq is null or (>= 1 and <= InputCheck.MaxQty), "moq", "moq must be a whole number from 1 to 1,000,000.")
            .That(request.CasePack is null or (>= 1 and <= InputCheck.MaxQty), "casePack", "casePack must be a whole number from 1 to 1,000,000.")
            .That(request.UnitCost is null or (>= 0 and <= MaxUnitCost), "unitCost", $"unitCost must be from 0 to {MaxUnitCost:N0}.");

        var policy = PolicyNames.FirstOrDefault(n => string.Equals(n, request.Policy?.Trim(), StringComparison.OrdinalIgnoreCase));
        check.That(policy is not null, "policy", $"policy is required: one of {string.Join(", ", PolicyNames)}.");
        if (policy == nameof(SellingPolicy.Preorder))
        {
            check.That(request.ReleaseDate is not null, "releaseDate", "A Preorder SKU needs a releaseDate (the day allocation may start).");
        }

        check.Date("releaseDate", request.ReleaseDate, today.AddYears(-10), today.AddYears(5), required: false);

        var barcodes = request.Barcodes;
        check.That(barcodes is null || barcodes.Count <= MaxBarcodes, "barcodes", $"A SKU has at most {MaxBarcodes} barcodes.");
        for (var i = 0; barcodes is not null && i < Math.Min(barcodes.Count, MaxBarcodes); i++)
        {
            check.Code($"barcodes[{i}]", barcodes[i]);
        }

        check.ThrowIfInvalid();
        return new Input(
            code!.Trim(),
            request.Name!.Trim(),
            Blank(request.Client),
            barcodes?.Select(b => b!.Trim()).Distinct().ToList(),
            Enum.Parse<SellingPolicy>(policy!),
            request.ReleaseDate,
            Blank(request.Supplier),
            request.LeadTimeDays,
            request.ReorderPoint,
            request.SafetyStock,
            request.Moq ?? 1,
            request.CasePack ?? 1,
            request.UnitCost ?? 0m);
    }

    /// <returns>Whether the SKU was created.</returns>
    private static async Task<bool> ApplyAsync(WriteScope scope, Input input, bool mustBeNew, DeskActor actor, CancellationToken ct)
    {
        var db = scope.Db;
        var sku = await db.Skus.Include(s => s.Barcodes).Include(s => s.Client).FirstOrDefaultAsync(s => s.Code == input.Code, ct);
        if (sku is not null && mustBeNew)
        {
            throw new ConflictException($"SKU {input.Code} already exists; change it with PUT /api/skus/{input.Code}.", "sku");
        }

        Client client;
        if (input.Client is { } clientCode)
        {
            client = await db.Clients.FirstOrDefaultAsync(c => c.Code == clientCode, ct)
                ?? throw new DomainException($"Client {clientCode} does not exist. Create it first (POST /api/clients).", "client");
            if (sku is not null && sku.ClientId != client.Id)
            {
                throw new DomainException($"SKU {input.Code} belongs to client {sku.Client.Code}; a SKU cannot move to another client.", "client");
            }
        }
        else
        {
            client = sku?.Client ?? await DefaultClient.GetOrAddAsync(db, ct);
        }

        Supplier? supplier = null;
        if (input.Supplier is { } supplierCode)
        {
            supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Code == supplierCode, ct)
                ?? throw new DomainException($"Supplier {supplierCode} does not exist. Create it first (POST /api/suppliers).", "supplier");
        }

        if (input.Barcodes is { Count: > 0 } barcodes)
        {
            var taken = await db.Barcodes
                .Where(b => barcodes.Contains(b.Code) && b.Sku.Code != input.Code)
                .Select(b => new { b.Code, Sku = b.Sku.Code })
                .FirstOrDefaultAsync(ct);
            if (taken is not null)
            {
                throw new ConflictException($"Barcode {taken.Code} already belongs to SKU {taken.Sku}; remove it there first.", "barcodes");
            }
        }

        var created = sku is null;
        SkuBook? book = null;
        if (sku is null)
        {
            sku = new Sku(input.Code, input.Name, client, input.Policy);
            db.Skus.Add(sku);
        }
        else
        {
            // Loaded before anything changes: the book remembers whether the SKU was below its reorder point.
            book = await scope.LoadBookAsync(sku, ct);
        }

        var (policyBefore, releaseBefore) = (sku.Policy, sku.ReleaseDate);
        var (supplierBefore, leadTimeBefore) = (sku.SupplierId, sku.LeadTimeDays);
        sku.Describe(input.Name, input.Policy, input.ReleaseDate);
        sku.SetSupply(supplier, input.LeadTimeDays, input.Moq, input.CasePack, input.UnitCost);
        var overridesBefore = Overrides(sku.ManualReorderPoint, sku.ManualSafetyStock);
        sku.SetManualPlanning(input.ReorderPoint, input.SafetyStock);
        var overridesAfter = Overrides(sku.ManualReorderPoint, sku.ManualSafetyStock);
        if (overridesAfter != overridesBefore)
        {
            AuditTrail.Add(scope, actor, AuditActions.PlanningOverridden, AuditSubject.Sku, sku.Code, null, overridesBefore, overridesAfter, $"Planning override of {sku.Code}: {overridesAfter}.");
        }
        if (input.Barcodes is not null)
        {
            sku.ReplaceBarcodes(input.Barcodes);
        }

        scope.Changes.TouchedSkus.Add(sku);

        // New or changed inputs: the planning numbers are computed at once, not at the next run.
        await db.SaveChangesAsync(ct);
        await PlanningNumbers.ComputeAsync(db, [sku], scope.Today, scope.Now, ct);
        if (book is null)
        {
            return created;
        }

        if (sku.Policy != policyBefore || sku.ReleaseDate != releaseBefore)
        {
            WarehouseOperations.Allocate(book, new AllocationContext(AllocationCause.PreorderRelease, sku.Code, scope.Now), scope.Operation);
        }
        else if (sku.SupplierId != supplierBefore || sku.LeadTimeDays != leadTimeBefore)
        {
            WarehouseOperations.RefreshEtas(book, $"supply of {sku.Code} changed", scope.Operation);
        }

        return created;
    }

    private static string Overrides(int? reorderPoint, int? safetyStock) =>
        $"reorder point {(reorderPoint is { } rop ? $"{rop} (manual)" : "computed")}, safety stock {(safetyStock is { } ss ? $"{ss} (manual)" : "computed")}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record Input(
        string Code,
        string Name,
        string? Client,
        List<string>? Barcodes,
        SellingPolicy Policy,
        DateOnly? ReleaseDate,
        string? Supplier,
        int? LeadTimeDays,
        int? ReorderPoint,
        int? SafetyStock,
        int Moq,
        int CasePack,
        decimal UnitCost);
}
