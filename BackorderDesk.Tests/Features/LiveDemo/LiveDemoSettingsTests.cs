using BackorderDesk.Features.LiveDemo;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Tests.Features.LiveDemo;

/// <summary>The live demo is off unless switched on: in code, in appsettings.json; Development's settings turn it on.</summary>
public sealed class LiveDemoSettingsTests
{
    [Fact]
    public void Defaults_are_off_an_order_every_5_s_and_a_truck_every_minute()
    {
        var settings = new BackorderDeskOptions().LiveDemo;

        Assert.False(settings.Enabled);
        Assert.Equal(5, settings.OrderEverySeconds);
        Assert.Equal(60, settings.TruckEverySeconds);
        Assert.Equal(60, settings.ShipEverySeconds);
        Assert.Equal(300, settings.PurchaseOrdersEverySeconds);
        Assert.False(new LiveDemoSwitch(Options.Create(new BackorderDeskOptions())).IsOn);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    public void Only_development_starts_with_the_live_demo_on(string environment, bool on)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.AppProject, "appsettings.json"), optional: false)
            .AddJsonFile(Path.Combine(RepositoryPaths.AppProject, $"appsettings.{environment}.json"), optional: true)
            .Build();
        var options = configuration.GetSection(BackorderDeskOptions.Section).Get<BackorderDeskOptions>()!;

        Assert.Equal(on, options.LiveDemo.Enabled);
        Assert.Equal(on, new LiveDemoSwitch(Options.Create(options)).IsOn);
    }
}
