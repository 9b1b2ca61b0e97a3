using System.Text.Json;
using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Receiving;

/// <summary>A received scan of one station, with the answer it was given.</summary>
public sealed record StationScan(string ScanId, DateTime At, ReceiptAnswer Answer);

/// <summary>
/// A receiving station's recent scans, newest first, so the Receiving page shows them again after
/// the clerk has been elsewhere. Only received scans are stored: a refused scan changes nothing.
/// </summary>
public sealed class StationScans(IDbContextFactory<WarehouseDbContext> contexts, TimeProvider time)
{
    public const int MaxScans = 50;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<StationScan>> HandleAsync(string station, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(station) || station.Length > 64)
        {
            return [];
        }

        var since = time.GetUtcNow().UtcDateTime - Window;
        var id = station.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ReceiptScans.AsNoTracking()
            .Where(r => r.Station == id && r.At >= since)
            .OrderByDescending(r => r.At)
            .ThenByDescending(r => r.Id)
            .Take(MaxScans)
            .Select(r => new { r.ScanId, r.At, r.Response })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new StationScan(r.ScanId, r.At, JsonSerializer.Deserialize<ReceiptAnswer>(r.Response, Json)!))
            .ToList();
    }
}
