using System.Globalization;
using System.Text.RegularExpressions;
using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using MudBlazor;

namespace BackorderDesk.Features.CustomerService;

/// <summary>How the desk words and colours things (invariant culture, so tests can name them).</summary>
public static partial class DeskText
{
    public static string Chip(LineStatus status) => status switch
    {
        LineStatus.PartiallyAllocated => "partly allocated",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static Color ChipColor(LineStatus status) => status switch
    {
        LineStatus.Allocated => Color.Success,
        LineStatus.PartiallyAllocated => Color.Info,
        LineStatus.Waiting => Color.Warning,
        LineStatus.Held => Color.Error,
        LineStatus.Preorder => Color.Secondary,
        LineStatus.Shipped => Color.Primary,
        _ => Color.Default,
    };

    /// <summary>"12th in line, 40 units ahead of this order" (or "next in line").</summary>
    public static string Queue(int? position, int unitsAhead) => position switch
    {
        null => "",
        1 => "next in line",
        { } p => $"{BackorderText.Ordinal(p)} in line, {BackorderText.Units(unitsAhead)} ahead of this order",
    };

    public static string Eta(EtaView? eta) => eta is null ? "" : eta.To is null
        ? "no date yet"
        : NoticeTemplates.Range(eta.From, eta.To) + (eta.Confirmed ? "" : " (estimate)");

    public static string Moment(DateTime at) => BackorderText.Moment(at);

    public static string Delivery(DeliveryState state) => state switch
    {
        DeliveryState.Sent => "sent",
        DeliveryState.Failed => "not delivered",
        _ => "queued",
    };

    public static Color DeliveryColor(DeliveryState state) => state switch
    {
        DeliveryState.Sent => Color.Success,
        DeliveryState.Failed => Color.Error,
        _ => Color.Default,
    };

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a page may show this exception's message (a refused request), rather than let it end the circuit.</summary>
    public static bool IsRefusal(Exception ex) =>
        ex is DomainException or ValidationException or NotFoundException or ConflictException or Data.WarehouseBusyException;

    /// <summary>The message of a refusal; a validation error lists its fields' messages. API routes are left out.</summary>
    public static string Message(Exception ex) => WithoutRoutes(ex is ValidationException validation
        ? string.Join(" ", validation.Errors.SelectMany(e => e.Value))
        : ex.Message);

    /// <summary>
    /// Refusals are worded for API callers too and may name a route ("Create it first (POST /api/skus).");
    /// an agent is told what to do in words instead.
    /// </summary>
    public static string WithoutRoutes(string message)
    {
        var text = OrderSearchRoute().Replace(message, "search by order number, email, name or customer code");
        text = RouteInParentheses().Replace(text, "");
        return RouteClause().Replace(text, "");
    }

    [GeneratedRegex(@"search with GET /api/orders\?query=")]
    private static partial Regex OrderSearchRoute();

    [GeneratedRegex(@"\s*\((?:GET|POST|PUT|PATCH|DELETE) /api/[^)]*\)")]
    private static partial Regex RouteInParentheses();

    [GeneratedRegex(@",? (?:with|using|through) (?:GET|POST|PUT|PATCH|DELETE) /api/[^\s]*?(?=\.?(?:\s|$))")]
    private static partial Regex RouteClause();
}
