using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Exports;

/// <summary>A finished workbook: a temporary file (deleted when the stream is closed) and its download name.</summary>
public sealed record ExportFile(Stream Content, string FileName);

/// <summary>The registered workbooks by name, and the temporary file each download is written to.</summary>
public sealed class Workbooks(IEnumerable<IWorkbook> workbooks, IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    private readonly Dictionary<string, IWorkbook> _byName = workbooks.ToDictionary(w => w.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public IWorkbook? Find(string name) => _byName.GetValueOrDefault(name);

    public async Task<ExportFile> BuildAsync(string name, string queryString, CancellationToken cancellationToken)
    {
        var client = WorkbookRequest.Value(QueryHelpers.ParseQuery(queryString), "client");
        if (client is not null)
        {
            await EnsureClientAsync(client, cancellationToken);
        }

        var workbook = Find(name) ?? throw new NotFoundException($"There is no export '{name}'. Exports: {string.Join(", ", Names)}.");
        var request = new WorkbookRequest(queryString, client, time.GetUtcNow().UtcDateTime);
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bod-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await workbook.WriteAsync(file, request, cancellationToken);
            file.Position = 0;
            return new ExportFile(file, $"{name}-{request.Now:yyyy-MM-dd-HHmm}.xlsx");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureClientAsync(string client, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Clients.AnyAsync(c => c.Code == client, ct))
        {
            throw new NotFoundException($"Client {client} does not exist.");
        }
    }
}
