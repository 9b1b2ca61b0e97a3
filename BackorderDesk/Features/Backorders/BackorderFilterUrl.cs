using BackorderDesk.Domain;
using Microsoft.AspNetCore.WebUtilities;

namespace BackorderDesk.Features.Backorders;

/// <summary>
/// The waiting-lines filters as a query string (<c>?client=ACME&amp;age=15-30&amp;hold=yes</c>), so that a
/// filtered view can be bookmarked and shared. Unknown or malformed values are ignored, never fatal.
/// </summary>
public static class BackorderFilterUrl
{
    private static readonly (AgeBucket Bucket, string Text)[] AgeTexts =
    [
        (AgeBucket.UpToWeek, "0-7"),
        (AgeBucket.TwoWeeks, "8-14"),
        (AgeBucket.Month, "15-30"),
        (AgeBucket.OverMonth, "30+"),
    ];

    public static string AgeText(AgeBucket bucket) => AgeTexts.First(a => a.Bucket == bucket).Text;

    public static string AgeLabel(AgeBucket bucket) => bucket == AgeBucket.OverMonth ? "over 30 days" : AgeText(bucket).Replace("-", "–", StringComparison.Ordinal) + " days";

    public static BackorderFilter Parse(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return new BackorderFilter();
        }

        var query = QueryHelpers.ParseQuery(uri[queryStart..]);
        string? Get(string key) => query.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

        return new BackorderFilter(
            Client: Get("client"),
            Sku: Get("sku"),
            Priority: Enum.TryParse<OrderPriority>(Get("priority"), ignoreCase: true, out var priority) && Enum.IsDefined(priority) && !int.TryParse(Get("priority"), out _) ? priority : null,
            Age: AgeTexts.Where(a => a.Text == Get("age")).Select(a => (AgeBucket?)a.Bucket).FirstOrDefault(),
            ShipPolicy: Enum.TryParse<ShipPolicy>(Get("policy"), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(Get("policy"), out _) ? policy : null,
            OnHold: Get("hold") switch
            {
                "yes" => true,
                "no" => false,
                _ => null,
            },
            RollingOnly: Get("rolling") == "yes",
            EtaUnconfirmedOnly: Get("unconfirmed") == "yes");
    }

    /// <summary>Every filter key with its value, null for the ones not set (which removes them from the URL).</summary>
    public static IReadOnlyDictionary<string, object?> ToQuery(BackorderFilter filter) => new Dictionary<string, object?>
    {
        ["client"] = string.IsNullOrWhiteSpace(filter.Client) ? null : filter.Client.Trim(),
        ["sku"] = string.IsNullOrWhiteSpace(filter.Sku) ? null : filter.Sku.Trim(),
        ["priority"] = filter.Priority?.ToString(),
        ["age"] = filter.Age is { } age ? AgeText(age) : null,
        ["policy"] = filter.ShipPolicy?.ToString(),
        ["hold"] = filter.OnHold switch
        {
            true => "yes",
            false => "no",
            null => null,
        },
        ["rolling"] = filter.RollingOnly ? "yes" : null,
        ["unconfirmed"] = filter.EtaUnconfirmedOnly ? "yes" : null,
    };
}
