using BackorderDesk.Features.LiveDemo;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.LiveDemo;

public sealed class LiveDemoControlTests : MudBunitContext
{
    private LiveDemoSwitch Demo => Services.GetRequiredService<LiveDemoSwitch>();

    [Fact]
    public void A_manager_switches_the_live_demo_on_and_off()
    {
        var control = RenderWithPopovers<LiveDemoControl>();
        var input = control.Find(".live-demo-switch input[type=checkbox]");
        Assert.False(Demo.IsOn);
        Assert.Equal("off", control.Find(".live-demo").GetAttribute("data-live-demo"));
        Assert.Contains("Live demo", control.Find(".live-demo-switch").TextContent, StringComparison.Ordinal);
        Assert.Contains("Places an order every ~5 s", control.Find("#live-demo-explanation").TextContent, StringComparison.Ordinal);

        input.Change(true);
        Assert.True(Demo.IsOn);
        Assert.Equal(("Demo manager", Start), Demo.LastSwitch);
        control.WaitForAssertion(() => Assert.Equal("on", control.Find(".live-demo").GetAttribute("data-live-demo")));
        Assert.Equal("On: the first order comes in a few seconds.", control.Find(".live-demo-status").TextContent.Trim());

        control.Find(".live-demo-switch input[type=checkbox]").Change(false);
        Assert.False(Demo.IsOn);
        control.WaitForAssertion(() => Assert.Equal("off", control.Find(".live-demo").GetAttribute("data-live-demo")));
    }

    [Fact]
    public void The_status_says_what_the_demo_did_last_and_how_long_ago()
    {
        var control = RenderWithPopovers<LiveDemoControl>();
        Demo.Switch(true, "Demo manager", Start);
        Time.Advance(TimeSpan.FromSeconds(12));
        Demo.Record(new LiveDemoActivity(LiveDemoKinds.Order, "LD-000007", "1 unit for Ada Berg", Start));

        control.WaitForAssertion(() => Assert.Equal("On: last order LD-000007 12 s ago.", control.Find(".live-demo-status").TextContent.Trim()));
    }

    [Theory]
    [InlineData(DeskRoles.Agent, Policies.Desk)]
    [InlineData(DeskRoles.Receiver, Policies.Receive)]
    public void Someone_who_may_not_switch_nor_see_the_dashboard_sees_nothing(string role, string policy)
    {
        SignInAs("someone", "Someone", role, Policies.SignedIn, policy);
        Demo.Switch(true, "Demo manager", Start);

        var control = RenderWithPopovers<LiveDemoControl>();

        Assert.Empty(control.FindAll(".live-demo, .live-demo-notice, input"));
    }

    [Fact]
    public void A_planner_is_told_the_demo_runs_but_has_no_switch()
    {
        SignInAs("planner", "Demo planner", DeskRoles.Planner, Policies.SignedIn, Policies.Dashboard, Policies.Plan);
        var control = RenderWithPopovers<LiveDemoControl>();
        Assert.Empty(control.FindAll(".live-demo, .live-demo-notice"));

        Demo.Switch(true, "Demo manager", Start);

        control.WaitForAssertion(() => Assert.Contains("The live demo is on", control.Find(".live-demo-notice").TextContent, StringComparison.Ordinal));
        Assert.Empty(control.FindAll("input"));
    }
}
