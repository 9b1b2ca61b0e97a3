using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

/// <summary>An in-stock SKU of the same client the agent may offer instead of a waiting one.</summary>
public sealed record SwapCandidate(string Sku, string Name, int Available);

/// <summary>
/// Swaps a waiting line for an in-stock alternative of the same client in one write command
/// (SwapLineOperation): the waiting units are cancelled and a new line takes stock at once.
/// </summary>
public sealed class SwapLine(WarehouseWriter writer, IDbContextFactory<WarehouseDbContext> factory)
{
    public const int MaxCandidates = 8;

    /// <summary>SKUs of the line's client with stock available, matching <paramref name="query"/> (code or name), most available first.</summary>
    public async Task<IReadOnlyList<SwapCandidate>> CandidatesAsync(string number, int lineNumber, string? query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var line = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order.Number == number && l.LineNumber == lineNumber)
            .Select(l => new { l.SkuId, l.Sku.ClientId, l.Sku.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (line is null)
        {
            return [];
        }

        var skus = db.Skus.AsNoTracking()
            .Where(s => s.ClientId == line.ClientId && s.Id != line.SkuId && s.OnHand - s.Allocated > 0
                && s.Policy != SellingPolicy.Discontinued && s.Policy != SellingPolicy.Preorder);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = "%" + query.Trim().ToLowerInvariant().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            skus = skus.Where(s => EF.Functions.Like(s.Code.ToLower(), pattern) || EF.Functions.Like(s.Name.ToLower(), pattern));
        }

        return await skus
            .OrderByDescending(s => s.OnHand - s.Allocated).ThenBy(s => s.Code)
            .Take(MaxCandidates)
            .Select(s => new SwapCandidate(s.Code, s.Name, s.OnHand - s.Allocated))
            .ToListAsync(cancellationToken);
    }

    public async Task<int> HandleAsync(string number, int lineNumber, string alternativeSku, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck().Code("sku", alternativeSku).ThrowIfInvalid();
        alternativeSku = alternativeSku.Trim();
        return await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                var alternative = await scope.Db.Skus.FirstOrDefaultAsync(s => s.Code == alternativeSku, ct)
                    ?? throw new DomainException($"SKU {alternativeSku} does not exist.", "sku");
                var waitingBook = await scope.LoadBookAsync(line.Sku, ct);
                var alternativeBook = await scope.LoadBookAsync(alternative, ct);
                var waiting = line.WaitingQty;
                var added = SwapLineOperation.Swap(waitingBook, line, alternativeBook, actor.DisplayName, scope.Operation);
                AuditTrail.Add(
                    scope,
                    actor,
                    AuditActions.LineSwapped,
                    AuditSubject.Order,
                    number,
                    lineNumber,
                    $"{waiting} × {line.Sku.Code} (line {lineNumber})",
                    $"{added.OrderedQty} × {alternative.Code} (line {added.LineNumber})",
                    $"Swapped {waiting} of {line.Sku.Code} for {alternative.Code} (new line {added.LineNumber}).");
                return added.LineNumber;
            },
            cancellationToken);
    }
}
