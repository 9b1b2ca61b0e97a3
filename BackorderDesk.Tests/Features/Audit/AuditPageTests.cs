using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Audit;

/// <summary>The admins' audit page over a real database: filters from and to the URL, and the export link with the same filters.</summary>
public sealed class AuditPageTests : MudBunitContext
{
    private static readonly DeskActor Ann = new("ann", "Ann Agent");
    private static readonly DeskActor Max = new("max", "Max Manager");

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void An_empty_trail_says_what_appears_here()
    {
        var page = RenderWithPopovers<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("No changes match these filters", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("/api/exports/audit.xlsx", page.Find("a.export-audit").GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_in_the_url_pick_the_rows_and_go_to_the_export_link_and_a_changed_filter_goes_to_the_url()
    {
        await SeedAsync();
        Navigation.NavigateTo("/audit?person=ann&kind=Order&from=2026-03-02&to=2026-03-03");

        var page = RenderWithPopovers<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(["SO-2", "SO-1"], Things(page)));
        Assert.Equal("Ann Agent", page.Find("tr[data-entry] [data-col=who]").TextContent.Trim());
        Assert.Equal("2 changes", page.Find(".audit-count").TextContent.Trim());
        Assert.Equal("/api/exports/audit.xlsx?from=2026-03-02&to=2026-03-03&person=ann&kind=Order", page.Find("a.export-audit").GetAttribute("href"));

        page.Find(".audit-search input").Change("SO-2");

        page.WaitForAssertion(() => Assert.Equal(["SO-2"], Things(page)));
        Assert.Equal("http://localhost/audit?person=ann&kind=Order&from=2026-03-02&to=2026-03-03&q=SO-2", Navigation.Uri);
    }

    [Fact]
    public async Task The_action_filter_and_the_date_range_narrow_the_trail()
    {
        await SeedAsync();
        Navigation.NavigateTo("/audit?action=Stock%20adjusted");

        var page = RenderWithPopovers<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(["A"], Things(page)));
        Assert.Equal("10 on hand → 7 on hand", $"{page.Find("[data-col=before]").TextContent} → {page.Find("[data-col=after]").TextContent}");

        Navigation.NavigateTo("/audit?to=2026-03-01");
        var before = Render<AuditPage>();
        before.WaitForAssertion(() => Assert.Equal(["SO-9"], Things(before)));
    }

    private static List<string> Things(IRenderedComponent<AuditPage> page) =>
        page.FindAll("tr[data-entry] [data-col=thing]").Select(t => t.TextContent.Trim().Split(' ')[1]).ToList();

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        var day = Start.UtcDateTime;
        AuditTrail.Add(db, Ann, AuditActions.LineCancelled, AuditSubject.Order, "SO-9", 1, "2 open", "0 open", "Cancelled 2 of B.", day.AddDays(-3));
        AuditTrail.Add(db, Ann, AuditActions.LineHeld, AuditSubject.Order, "SO-1", 1, "Not on hold", "On hold: payment", "Line 1 put on hold.", day);
        AuditTrail.Add(db, Max, AuditActions.StockAdjusted, AuditSubject.Sku, "A", null, "10 on hand", "7 on hand", "Adjusted A by -3.", day.AddHours(1));
        AuditTrail.Add(db, Ann, AuditActions.GoodwillGiven, AuditSubject.Order, "SO-2", null, null, "discount code X", "Goodwill gesture.", day.AddHours(2));
        AuditTrail.Add(db, Ann, AuditActions.LineHeld, AuditSubject.Order, "SO-3", 1, "Not on hold", "On hold: fraud", "Line 1 put on hold.", day.AddDays(5));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
