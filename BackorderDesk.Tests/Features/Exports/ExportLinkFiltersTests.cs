using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Exports;
using BackorderDesk.Features.Planning;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Features.Exports;

/// <summary>Every export link carries the page's filters, so the workbook holds what the page shows.</summary>
public sealed class ExportLinkFiltersTests : MudBunitContext
{
    [Fact]
    public void The_dashboards_kpi_workbook_link_carries_the_chosen_client_and_period()
    {
        var view = DashboardView.Parse("/?client=ACME&from=2026-02-01&to=2026-02-28");

        var link = Render<ExportLink>(p => p.Add(x => x.Name, "kpis").Add(x => x.Parameters, DashboardView.KpiExportParameters(view, new DateOnly(2026, 3, 2))));

        Assert.Equal("/api/exports/kpis.xlsx?client=ACME&from=2026-02-01&to=2026-02-28", link.Find("a.export-kpis").GetAttribute("href"));
    }

    [Fact]
    public void Without_a_chosen_period_the_kpi_link_names_the_30_days_the_cards_show()
    {
        var href = ExportLink.Build("kpis", DashboardView.KpiExportParameters(new DashboardView(), new DateOnly(2026, 3, 2)));

        // 30 days up to and including Mon 2 Mar 2026: from 1 Feb (February 2026 has 28 days).
        Assert.Equal("/api/exports/kpis.xlsx?from=2026-02-01&to=2026-03-02", href);
    }

    [Fact]
    public void The_planning_pages_reorder_link_carries_its_filters_but_not_its_page_or_sort()
    {
        var query = PlanningQuery.FromQueryString("?client=ACME&supplier=NORTH&abc=A&q=tent&alerts=true&sort=sku&dir=desc&page=2");

        var link = Render<ExportLink>(p => p.Add(x => x.Name, "reorder").Add(x => x.Parameters, query.ToExportParameters()));

        Assert.Equal("/api/exports/reorder.xlsx?client=ACME&supplier=NORTH&abc=A&q=tent", link.Find("a.export-reorder").GetAttribute("href"));
    }
}
