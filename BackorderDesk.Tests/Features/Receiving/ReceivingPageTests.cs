using BackorderDesk.Domain;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Receiving;

public sealed class ReceivingPageTests : MudBunitContext
{
    private const string Station = "station-A";

    [Fact]
    public async Task The_page_lists_this_stations_received_scans_when_it_opens()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        var receive = Services.GetRequiredService<ReceiveScan>();
        await receive.HandleAsync(new ReceiptRequest("h-1", "4000000000001", null, 2, null), Station, ct);
        await receive.HandleAsync(new ReceiptRequest("h-2", "4000000000002", null, 1, null), Station, ct);
        await receive.HandleAsync(new ReceiptRequest("h-3", "4000000000002", null, 1, null), "station-B", ct);
        var module = AttachAs(Station);

        var page = RenderWithPopovers<ReceivingPage>();

        page.WaitForAssertion(() => Assert.Equal(["h-2", "h-1"], RowIds(page)));
        Assert.Equal(["SKU-2", "SKU-1"], page.FindAll(".scan-log tbody tr td:nth-child(3)").Select(c => c.TextContent.Trim()));
        Assert.All(page.FindAll(".scan-log tbody tr"), row => Assert.Equal("received", row.GetAttribute("data-state")));
        Assert.Contains("This station's scans (2)", page.Find("h2").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ready to scan", page.Markup, StringComparison.Ordinal);
        module.VerifyInvoke("start");
    }

    [Fact]
    public void A_station_without_scans_is_told_how_to_start()
    {
        AttachAs(Station);

        var page = RenderWithPopovers<ReceivingPage>();

        page.WaitForAssertion(() => Assert.Contains("No scans at this station in the last 24 hours. Scan a barcode to start.", page.Markup, StringComparison.Ordinal));
        Assert.Equal("Scan barcode", page.Find("label[for=scan-barcode]").TextContent);
        Assert.Equal("polite", page.Find("#scan-queue-status").GetAttribute("aria-live"));
    }

    [Fact]
    public async Task Each_scan_of_a_burst_gets_its_own_row_and_answer_and_refusals_raise_an_alert_until_seen()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        AttachAs(Station);
        var page = RenderWithPopovers<ReceivingPage>();
        page.WaitForAssertion(() => Assert.Contains("No scans at this station", page.Markup, StringComparison.Ordinal));
        QueuedScan[] burst =
        [
            new("b-1", "4000000000001", 1, null, Station),
            new("b-2", "0000000000000", 1, null, Station),
            new("b-3", "4000000000002", 3, null, Station),
            new("b-4", "4000000000001", null, null, Station),
        ];

        foreach (var scan in burst)
        {
            await page.InvokeAsync(() => page.Instance.Queued(scan));
        }

        Assert.Equal(["b-4", "b-3", "b-2", "b-1"], RowIds(page));
        Assert.All(page.FindAll(".scan-log tbody tr"), row => Assert.Equal("pending", row.GetAttribute("data-state")));
        Assert.Equal("Receiving 0 of 4 scans…", page.Find("[data-testid=burst-summary]").TextContent.Trim());

        var cues = new List<string?>();
        foreach (var scan in burst)
        {
            await page.InvokeAsync(async () => cues.Add(await page.Instance.Receive(scan)));
        }

        Assert.Equal(["shelf", "error", "shelf", "error"], cues);
        Assert.Equal(["refused", "received", "refused", "received"], page.FindAll(".scan-log tbody tr").Select(r => r.GetAttribute("data-state")));
        var alert = page.Find("[data-testid=burst-refused]");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Contains("2 of 4 scans not received", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("0000000000000, 4000000000001", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("qty is required", page.Find("tr[data-scan-id=b-4]").TextContent, StringComparison.Ordinal);
        // The big card shows the latest scan.
        Assert.Contains("qty is required", page.Find("[data-testid=scan-error]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=burst-refused] button").Click();
        Assert.Empty(page.FindAll("[data-testid=burst-refused]"));

        await page.InvokeAsync(() => page.Instance.Receive(new QueuedScan("b-5", "4000000000002", 1, null, Station)));
        Assert.Empty(page.FindAll("[data-testid=burst-refused]"));
        Assert.Contains("SKU-2", page.Find("[data-testid=scan-result]").TextContent, StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        Assert.Equal(3, db.ReceiptScans.Count(r => r.Station == Station));
    }

    [Fact]
    public async Task A_scan_sent_again_after_a_lost_answer_is_not_received_twice()
    {
        await SeedAsync();
        AttachAs(Station);
        var page = RenderWithPopovers<ReceivingPage>();
        var scan = new QueuedScan("r-1", "4000000000001", 2, null, Station);

        await page.InvokeAsync(() => page.Instance.Receive(scan));
        string? cue = "not called";
        await page.InvokeAsync(async () => cue = await page.Instance.Receive(scan));

        Assert.Null(cue);
        Assert.Single(RowIds(page));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, db.Skus.Single(s => s.Code == "SKU-1").OnHand);
    }

    private BunitJSModuleInterop AttachAs(string station)
    {
        var module = JSInterop.SetupModule("./js/receiving.js");
        module.Mode = JSRuntimeMode.Loose;
        module.Setup<AttachedStation?>("attach", _ => true).SetResult(new AttachedStation(station, []));
        return module;
    }

    private static List<string?> RowIds(IRenderedComponent<ReceivingPage> page) =>
        page.FindAll(".scan-log tbody tr").Select(r => r.GetAttribute("data-scan-id")).ToList();

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        var client = new Client("ACME", "Acme Outdoor");
        for (var i = 1; i <= 2; i++)
        {
            var sku = new Sku($"SKU-{i}", $"Item {i}", client, SellingPolicy.Backorderable);
            sku.AddBarcode($"400000000000{i}");
            db.Skus.Add(sku);
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
