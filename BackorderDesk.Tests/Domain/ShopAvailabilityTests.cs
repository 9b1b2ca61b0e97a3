using System.Globalization;
using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

public sealed class ShopAvailabilityTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    [InlineData(SellingPolicy.Backorderable, 3, AvailabilityStatus.InStock)]
    [InlineData(SellingPolicy.Backorderable, 0, AvailabilityStatus.Backordered)]
    [InlineData(SellingPolicy.StopSelling, 3, AvailabilityStatus.InStock)]
    [InlineData(SellingPolicy.StopSelling, 0, AvailabilityStatus.OutOfStock)]
    [InlineData(SellingPolicy.Discontinued, 0, AvailabilityStatus.Discontinued)]
    [InlineData(SellingPolicy.Discontinued, 3, AvailabilityStatus.Discontinued)]
    public void Status_follows_policy_and_availability(SellingPolicy policy, int onHand, AvailabilityStatus expected)
    {
        var sku = new Sku("X", "X", new Client("C", "C"), policy);
        if (onHand > 0)
        {
            sku.Move(MovementKind.Receipt, onHand, DateTime.UtcNow, "receipt");
        }

        Assert.Equal(expected, ShopAvailability.StatusOf(sku, Today));
    }

    [Fact]
    public void A_preorder_is_a_preorder_until_its_release_date()
    {
        var sku = new Sku("X", "X", new Client("C", "C"), SellingPolicy.Preorder);
        sku.Describe("X", SellingPolicy.Preorder, new DateOnly(2026, 12, 3));

        Assert.Equal(AvailabilityStatus.Preorder, ShopAvailability.StatusOf(sku, Today));
        Assert.Equal(AvailabilityStatus.Backordered, ShopAvailability.StatusOf(sku, new DateOnly(2026, 12, 3)));
    }

    [Fact]
    public void Badges_are_the_shop_texts()
    {
        var range = new Eta(new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 6), true, "");

        Assert.Equal("In stock", ShopAvailability.Badge(AvailabilityStatus.InStock, range, null));
        Assert.Equal("Backordered – ships Dec 3–6", ShopAvailability.Badge(AvailabilityStatus.Backordered, range, null));
        Assert.Equal("Backordered – ships Dec 3", ShopAvailability.Badge(AvailabilityStatus.Backordered, range with { To = new DateOnly(2026, 12, 3) }, null));
        Assert.Equal("Backordered – ships Dec 30–Jan 4", ShopAvailability.Badge(AvailabilityStatus.Backordered, range with { From = new DateOnly(2026, 12, 30), To = new DateOnly(2027, 1, 4) }, null));
        Assert.Equal("Backordered – ships around Dec 3–6 (not yet confirmed)", ShopAvailability.Badge(AvailabilityStatus.Backordered, range with { Confirmed = false }, null));
        Assert.Equal("Backordered – no ship date yet", ShopAvailability.Badge(AvailabilityStatus.Backordered, Eta.Unknown, null));
        Assert.Equal("Out of stock", ShopAvailability.Badge(AvailabilityStatus.OutOfStock, Eta.Unknown, null));
        Assert.Equal("Preorder – releases Jan 15", ShopAvailability.Badge(AvailabilityStatus.Preorder, range, new DateOnly(2027, 1, 15)));
        Assert.Equal("Discontinued", ShopAvailability.Badge(AvailabilityStatus.Discontinued, Eta.Unknown, null));
    }

    [Fact]
    public void Badge_dates_do_not_depend_on_the_server_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var eta = new Eta(new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 6), true, "");

            Assert.Equal("Backordered – ships Mar 3–6", ShopAvailability.Badge(AvailabilityStatus.Backordered, eta, null));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
