using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

public sealed record SupplierRequest(string? Code, string? Name, int? LeadTimeDays, string? Email);

/// <summary>Registers a supplier; its code is unique.</summary>
public sealed class CreateSupplier(WarehouseWriter writer, SupplierDetails details)
{
    /// <summary>Used when a supplier is registered without a quoted lead time.</summary>
    public const int DefaultLeadTimeDays = 14;

    public async Task<SupplierView> HandleAsync(SupplierRequest request, CancellationToken cancellationToken)
    {
        new InputCheck()
            .Code("code", request.Code)
            .Name("name", request.Name)
            .That(request.LeadTimeDays is null or (>= 0 and <= 365), "leadTimeDays", "leadTimeDays must be a whole number of days from 0 to 365.")
            .Email("email", request.Email)
            .ThrowIfInvalid();

        var code = request.Code!.Trim();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                if (await scope.Db.Suppliers.AnyAsync(s => s.Code == code, ct))
                {
                    throw new ConflictException($"Supplier {code} already exists.", "code");
                }

                scope.Db.Suppliers.Add(new Supplier(code, request.Name!.Trim(), request.LeadTimeDays ?? DefaultLeadTimeDays, Blank(request.Email)));
                return code;
            },
            cancellationToken);
        return (await details.GetAsync(code, cancellationToken))!;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
