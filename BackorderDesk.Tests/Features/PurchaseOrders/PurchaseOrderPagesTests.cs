using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.PurchaseOrders;

public sealed class PurchaseOrderPagesTests : MudBunitContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Without_purchase_orders_the_list_says_how_to_get_them()
    {
        var page = RenderWithPopovers<PurchaseOrdersPage>();

        page.WaitForAssertion(() => Assert.Contains("No purchase orders yet", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("Purchase orders", page.Find("h1").TextContent.Trim());
        Assert.Equal("/api/exports/purchase-order-template.xlsx", page.Find("a.export-purchase-order-template").GetAttribute("href"));
    }

    [Fact]
    public async Task Open_purchase_orders_are_listed_newest_first_with_the_late_one_marked()
    {
        await SeedAsync();

        var page = RenderWithPopovers<PurchaseOrdersPage>();

        page.WaitForAssertion(() => Assert.Equal(["PO-3", "PO-2"], Numbers(page)));
        var po2 = page.Find("tr[data-po='PO-2']");
        Assert.Equal("4", po2.QuerySelector("[data-col=open]")!.TextContent.Trim());
        Assert.Equal("1 late", po2.QuerySelector(".po-late")!.TextContent.Trim());
        Assert.Contains("10.00", po2.TextContent, StringComparison.Ordinal);
        Assert.Null(page.Find("tr[data-po='PO-3']").QuerySelector(".po-late"));
        Assert.Equal("/purchase-orders/PO-2", po2.QuerySelector("a.po-link")!.GetAttribute("href"));
        Assert.Equal("/api/exports/purchase-orders.xlsx", page.Find("a.export-purchase-orders").GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_in_the_url_are_applied_and_passed_to_the_export_link()
    {
        await SeedAsync();
        Navigation.NavigateTo("/purchase-orders?status=received&supplier=NORTH");

        var page = RenderWithPopovers<PurchaseOrdersPage>();

        page.WaitForAssertion(() => Assert.Equal(["PO-1"], Numbers(page)));
        Assert.Equal("/api/exports/purchase-orders.xlsx?status=received&supplier=NORTH", page.Find("a.export-purchase-orders").GetAttribute("href"));

        Navigation.NavigateTo("/purchase-orders?status=all&client=BETA");
        var beta = Render<PurchaseOrdersPage>();
        beta.WaitForAssertion(() => Assert.Equal(["PO-4"], Numbers(beta)));
    }

    [Fact]
    public async Task Detail_shows_each_lines_receiving_progress_and_expected_date_history()
    {
        await SeedAsync();

        var page = RenderWithPopovers<PurchaseOrderPage>(p => p.Add(x => x.Number, "PO-2"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".po-line")));
        var line = page.Find(".po-line[data-sku='A']");
        Assert.Equal("2", line.QuerySelector(".po-received")!.TextContent.Trim());
        Assert.Equal("4", line.QuerySelector(".po-open")!.TextContent.Trim());
        Assert.Equal("late by 5 days", line.QuerySelector(".po-line-state")!.TextContent.Trim());
        Assert.Equal("2 of 6 received", line.QuerySelector(".po-progress")!.GetAttribute("aria-label"));

        var moved = Render<PurchaseOrderPage>(p => p.Add(x => x.Number, "PO-3"));
        moved.WaitForAssertion(() => Assert.Contains("10 Mar 2026 → 20 Mar 2026 (factory closed)", moved.Find(".po-date-history").TextContent, StringComparison.Ordinal));
        Assert.Contains("first promised 10 Mar 2026", moved.Find(".po-line").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_line_asks_first_then_takes_its_units_off_order()
    {
        await SeedAsync();
        var page = RenderWithPopovers<PurchaseOrderPage>(p => p.Add(x => x.Number, "PO-3"));
        page.WaitForAssertion(() => page.Find(".po-cancel"));

        await page.Find(".po-cancel").ClickAsync(new());
        Assert.Contains("Cancel the 5 units still to come?", page.Find(".po-line-actions").TextContent, StringComparison.Ordinal);
        await page.Find(".po-cancel-confirm").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("5 units of B cancelled; they are no longer on order.", page.Find(".po-message").TextContent.Trim()));
        Assert.Equal("5", page.Find(".po-cancelled").TextContent.Trim());
        Assert.Equal("cancelled", page.Find(".po-line-state").TextContent.Trim());
        Assert.Empty(page.FindAll(".po-line-actions"));
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Skus.Where(s => s.Code == "B").Select(s => s.OnOrder).SingleAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_unknown_purchase_order_says_so_and_links_to_the_list()
    {
        var page = RenderWithPopovers<PurchaseOrderPage>(p => p.Add(x => x.Number, "PO-404"));

        page.WaitForAssertion(() => Assert.Contains("There is no purchase order PO-404", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uploading_a_valid_workbook_imports_it_and_lists_the_new_purchase_order()
    {
        await SeedAsync();
        var page = RenderWithPopovers<PurchaseOrdersPage>();
        page.WaitForAssertion(() => Assert.Equal(["PO-3", "PO-2"], Numbers(page)));
        var file = ImportPurchaseOrdersApiTests.Workbook(["PO-9", "SOUTH", "C", 12, new DateTime(2026, 3, 9)]);

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file.ToArray(), "new-orders.xlsx"));

        page.WaitForAssertion(() => Assert.Equal(
            "new-orders.xlsx: imported 1 purchase order with 1 line; their units are on order.",
            page.Find(".po-import-done").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal(["PO-9", "PO-3", "PO-2"], Numbers(page)));
    }

    [Fact]
    public async Task Uploading_a_workbook_with_errors_lists_them_by_row_and_column_and_imports_nothing()
    {
        await SeedAsync();
        var page = RenderWithPopovers<PurchaseOrdersPage>();
        page.WaitForAssertion(() => Assert.Equal(["PO-3", "PO-2"], Numbers(page)));
        var file = ImportPurchaseOrdersApiTests.Workbook(["PO-9", "SOUTH", "C", 12, new DateTime(2026, 3, 9)], ["PO-1", "NORTH", "A", 0, new DateTime(2026, 3, 9)]);

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file.ToArray(), "bad.xlsx"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".po-import-error-row").Count));
        Assert.Equal(
            ["3 PO number Purchase order PO-1 already exists; use a new number.", "3 Quantity must be a whole number from 1 to 1,000,000; \"0\" is not."],
            page.FindAll(".po-import-error-row").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))));
        await using var db = Database.CreateDbContext();
        Assert.Equal(4, await db.PurchaseOrders.CountAsync(TestContext.Current.CancellationToken));

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText("not a workbook", "notes.txt"));
        page.WaitForAssertion(() => Assert.Equal(
            "notes.txt: The file is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx. Nothing was imported.",
            page.Find(".po-import-error").TextContent.Trim()));
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await PurchaseOrdersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    private static List<string> Numbers(IRenderedComponent<PurchaseOrdersPage> page) =>
        page.FindAll("tr.po-row").Select(r => r.GetAttribute("data-po")!).ToList();
}
