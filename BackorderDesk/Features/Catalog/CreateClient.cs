using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

public sealed record ClientRequest(string? Code, string? Name);

public sealed record ClientView(string Code, string Name);

/// <summary>Registers a client whose stock the warehouse holds; its code is unique.</summary>
public sealed class CreateClient(WarehouseWriter writer)
{
    public Task<ClientView> HandleAsync(ClientRequest request, CancellationToken cancellationToken)
    {
        new InputCheck()
            .Code("code", request.Code)
            .Name("name", request.Name)
            .ThrowIfInvalid();

        var code = request.Code!.Trim();
        return writer.WriteAsync(
            async (scope, ct) =>
            {
                if (await scope.Db.Clients.AnyAsync(c => c.Code == code, ct))
                {
                    throw new ConflictException($"Client {code} already exists.", "code");
                }

                var client = new Client(code, request.Name!.Trim());
                scope.Db.Clients.Add(client);
                return new ClientView(client.Code, client.Name);
            },
            cancellationToken);
    }
}
