using System.Globalization;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Kpis;

public static class KpisEndpoints
{
    public static IEndpointRouteBuilder MapKpis(this IEndpointRouteBuilder api)
    {
        var kpis = api.MapGroup("/kpis").WithTags("KPIs");

        kpis.MapGet("", (string? from, string? to, string? client, ComputeKpis compute, TimeProvider time, CancellationToken ct) =>
        {
            var (period, code) = KpiQuery.Parse(from, to, client, Today(time), KpiQuery.DefaultDays);
            return compute.HandleAsync(period, code, ct);
        })
        .WithName("GetKpis")
        .WithSummary($"The KPIs of docs/rules.md (R8) for orders placed from..to (UTC days, both included; the last {KpiQuery.DefaultDays} days by default), optionally for one client code. Rates in percent, ages in days, null when there is nothing to count; an unknown client is 404.");

        kpis.MapGet("/daily", (string? from, string? to, string? client, ComputeKpis compute, TimeProvider time, CancellationToken ct) =>
        {
            var (period, code) = KpiQuery.Parse(from, to, client, Today(time), KpiQuery.DefaultChartDays);
            return compute.DailyAsync(period, code, ct);
        })
        .WithName("GetDailyBackorderRates")
        .WithSummary($"The backorder rate per placed UTC day from..to (the last {KpiQuery.DefaultChartDays} days by default), every day listed; null on a day without orders.");
        return api;
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

/// <summary>
/// Reads <c>from</c>, <c>to</c> (yyyy-MM-dd, UTC days, both included) and <c>client</c> of a KPI request.
/// Absent <c>to</c> is today; absent <c>from</c> is the default number of days ending at <c>to</c>.
/// A malformed date, a date outside what <see cref="KpiPeriod.TryCreate"/> accepts, from after to, or more than
/// <see cref="KpiPeriod.MaxDays"/> days is a 400 whose title says which.
/// </summary>
public static class KpiQuery
{
    public const int DefaultDays = 30;
    public const int DefaultChartDays = 90;

    public static (KpiPeriod Period, string? Client) Parse(string? from, string? to, string? client, DateOnly today, int defaultDays)
    {
        var errors = new Dictionary<string, string[]>();
        var toDate = ParseDate("to", to, errors) ?? today;
        var fromDate = ParseDate("from", from, errors);
        var code = string.IsNullOrWhiteSpace(client) ? null : client.Trim();
        if (code is { Length: > 64 } || (code?.Any(char.IsControl) ?? false))
        {
            errors["client"] = ["client must be a client code of 1–64 printable characters."];
        }

        KpiPeriod? period = null;
        if (errors.Count == 0)
        {
            // The default start is counted back from to only once to is known to be a date a period can end on.
            var problem = (fromDate is { } given ? KpiPeriod.OutOfRange("from", given) : null) ?? KpiPeriod.OutOfRange("to", toDate);
            if (problem is null)
            {
                KpiPeriod.TryCreate(fromDate ?? KpiPeriod.FirstDayOf(defaultDays, toDate), toDate, out period, out problem);
            }

            if (problem is not null)
            {
                errors[problem.Field] = [problem.Message];
            }
        }

        if (errors.Count > 0 || period is null)
        {
            var messages = errors.SelectMany(e => e.Value).ToList();
            throw new ValidationException(errors, messages.Count == 1 ? messages[0] : string.Join(" ", messages));
        }

        return (period, code);
    }

    private static DateOnly? ParseDate(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        var shown = value.Length > 40 ? value[..40] + "…" : value;
        errors[field] = [$"{field} must be a date such as 2026-11-01 (yyyy-MM-dd); \"{shown}\" is not one."];
        return null;
    }
}
