using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

public sealed class ClientDetails(IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task<ClientView?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Clients.AsNoTracking()
            .Where(c => c.Code == code)
            .Select(c => new ClientView(c.Code, c.Name))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
