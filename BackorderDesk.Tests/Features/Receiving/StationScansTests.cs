using BackorderDesk.Features.Receiving;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Receiving;

public sealed class StationScansTests : IAsyncLifetime
{
    private WriterHarness _h = null!;
    private ReceiveScan _receive = null!;
    private StationScans _history = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await WriterHarness.CreateAsync();
        _receive = new ReceiveScan(_h.Writer);
        _history = new StationScans(_h.Database, _h.Time);
        await _h.SeedSkusAsync("TENT", "BOOT");
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_station_sees_its_own_received_scans_newest_first_with_their_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        await _h.PlaceOrderAsync("SO-1", "TENT", 1);
        await _receive.HandleAsync(new ReceiptRequest("s-1", "B-TENT", null, 3, null), "station-A", ct);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _receive.HandleAsync(new ReceiptRequest("s-2", "B-BOOT", null, 2, null), "station-A", ct);
        await _receive.HandleAsync(new ReceiptRequest("s-3", "B-BOOT", null, 1, null), "station-B", ct);
        await _receive.HandleAsync(new ReceiptRequest("s-4", "B-BOOT", null, 1, null), ct);

        var scans = await _history.HandleAsync("station-A", ct);

        Assert.Equal(["s-2", "s-1"], scans.Select(s => s.ScanId));
        var tent = scans[1].Answer;
        Assert.Equal(("TENT", 3, 2), (tent.Sku, tent.Qty, tent.PutawayQty));
        Assert.Equal(new ReceiptAllocation("SO-1", 1, 1, true), Assert.Single(tent.Allocations));
        Assert.Equal(_h.Time.GetUtcNow().UtcDateTime.AddMinutes(-1), scans[1].At);
    }

    [Fact]
    public async Task Only_the_last_24_hours_and_at_most_50_scans_are_listed()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("old", "B-TENT", null, 1, null), "station-A", ct);
        _h.Time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 55; i++)
        {
            await _receive.HandleAsync(new ReceiptRequest($"s-{i:D2}", "B-TENT", null, 1, null), "station-A", ct);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var all = await _history.HandleAsync("station-A", ct);
        Assert.Equal(StationScans.MaxScans, all.Count);
        Assert.Equal("s-54", all[0].ScanId);
        Assert.Equal("s-05", all[^1].ScanId);

        _h.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(30));
        var lastDay = await _history.HandleAsync("station-A", ct);
        Assert.Equal(30, lastDay.Count);
        Assert.Equal("s-25", lastDay[^1].ScanId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("station-nobody")]
    public async Task A_station_without_scans_gets_an_empty_list(string station)
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("s-1", "B-TENT", null, 1, null), ct);

        Assert.Empty(await _history.HandleAsync(station, ct));
    }

    [Fact]
    public async Task A_resend_from_another_station_is_the_same_scan_and_keeps_its_first_station()
    {
        var ct = TestContext.Current.CancellationToken;
        await _receive.HandleAsync(new ReceiptRequest("s-1", "B-TENT", null, 1, null), "station-A", ct);

        var again = await _receive.HandleAsync(new ReceiptRequest("s-1", "B-TENT", null, 1, null), "station-B", ct);

        Assert.False(again.Applied);
        Assert.Single(await _history.HandleAsync("station-A", ct));
        Assert.Empty(await _history.HandleAsync("station-B", ct));
    }
}
