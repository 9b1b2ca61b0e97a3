using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Bunit;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardFilterBarTests : MudBunitContext
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(90)]
    public void The_active_period_button_is_filled_and_pressed_and_the_others_are_not(int days)
    {
        var bar = RenderWithPopovers<DashboardFilterBar>(p => p
            .Add(x => x.View, new DashboardView().WithPreset(Day, days))
            .Add(x => x.Clients, ["ACME"])
            .Add(x => x.Today, Day));

        foreach (var preset in DashboardView.PresetDays)
        {
            var button = bar.Find($"[data-preset='{preset}']");
            var on = preset == days;
            Assert.Equal(on ? "true" : "false", button.GetAttribute("aria-pressed"));
            Assert.Equal(on, button.ClassList.Contains("mud-button-filled"));
            Assert.Equal(!on, button.ClassList.Contains("mud-button-outlined"));
        }
    }

    [Fact]
    public void A_custom_period_presses_no_button()
    {
        var bar = RenderWithPopovers<DashboardFilterBar>(p => p
            .Add(x => x.View, new DashboardView(null, Day.AddDays(-10), Day.AddDays(-2)))
            .Add(x => x.Clients, ["ACME"])
            .Add(x => x.Today, Day));

        Assert.All(bar.FindAll("[data-preset]"), b => Assert.Equal("false", b.GetAttribute("aria-pressed")));
        Assert.Empty(bar.FindAll("[data-preset].mud-button-filled"));
    }
}
