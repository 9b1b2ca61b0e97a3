using System.Globalization;

namespace BackorderDesk.Domain;

/// <summary>What a sales channel shows for a SKU; one truth for every channel.</summary>
public enum AvailabilityStatus
{
    InStock,
    Backordered,
    OutOfStock,
    Preorder,
    Discontinued,
}

/// <summary>
/// The status and badge text a shop shows for a SKU, from its policy, availability and the ETA a
/// new order would get. Dates are written culture-invariant ("Dec 3–6") so every channel and
/// server locale shows the same text.
/// </summary>
public static class ShopAvailability
{
    public static AvailabilityStatus StatusOf(Sku sku, DateOnly today)
    {
        // A discontinued SKU takes no new orders (WarehouseOperations.PlaceOrder), and before its
        // release a preorder SKU allocates nothing: neither is "in stock" to a shopper, whatever
        // sits on the shelf.
        if (sku.Policy == SellingPolicy.Discontinued)
        {
            return AvailabilityStatus.Discontinued;
        }

        if (!sku.IsReleasedOn(today))
        {
            return AvailabilityStatus.Preorder;
        }

        if (sku.Available > 0)
        {
            return AvailabilityStatus.InStock;
        }

        return sku.Policy == SellingPolicy.StopSelling ? AvailabilityStatus.OutOfStock : AvailabilityStatus.Backordered;
    }

    public static string Badge(AvailabilityStatus status, Eta eta, DateOnly? releaseDate) => status switch
    {
        AvailabilityStatus.InStock => "In stock",
        AvailabilityStatus.OutOfStock => "Out of stock",
        AvailabilityStatus.Discontinued => "Discontinued",
        AvailabilityStatus.Preorder => releaseDate is { } release ? $"Preorder – releases {Day(release)}" : "Preorder",
        _ => BackorderedBadge(eta),
    };

    /// <summary>"Dec 3–6", "Dec 30–Jan 4", or "Dec 3" when both ends are the same day.</summary>
    public static string Range(DateOnly from, DateOnly to)
    {
        if (from == to)
        {
            return Day(from);
        }

        return from.Month == to.Month && from.Year == to.Year
            ? $"{Day(from)}–{to.Day.ToString(CultureInfo.InvariantCulture)}"
            : $"{Day(from)}–{Day(to)}";
    }

    private static string BackorderedBadge(Eta eta)
    {
        if (eta is not { From: { } from, To: { } to })
        {
            return "Backordered – no ship date yet";
        }

        // Without a purchase order behind it the range is the supplier's lead time: say so.
        return eta.Confirmed
            ? $"Backordered – ships {Range(from, to)}"
            : $"Backordered – ships around {Range(from, to)} (not yet confirmed)";
    }

    private static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);
}
