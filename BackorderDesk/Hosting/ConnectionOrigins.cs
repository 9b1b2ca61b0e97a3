using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// Refuses hub and circuit connections (<c>/hubs</c>, <c>/_blazor</c>) that a page of another site
/// opens: browsers always send <c>Origin</c> on WebSocket and cross-origin requests, and cookies would
/// ride along (cross-site WebSocket hijacking). A request whose <c>Origin</c> is neither the request's
/// own host nor listed in <see cref="BackorderDeskOptions.AllowedOrigins"/> gets 403. Requests without
/// <c>Origin</c> (scanners, scripts, .NET clients) pass: they carry no one else's cookies.
/// </summary>
public static class ConnectionOrigins
{
    public static IApplicationBuilder UseConnectionOriginCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if ((path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
                && context.Request.Headers.Origin is { Count: > 0 } origin
                && !IsAllowed(origin.ToString(), context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Connections from pages of another site are refused; connect from the desk itself, or without an Origin header.",
                    detail: "Origins other than the app's own are allowed only when listed under BackorderDesk:AllowedOrigins.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>Whether <paramref name="origin"/> is the request's own host (same host and port) or a configured allowed origin.</summary>
    public static bool IsAllowed(string origin, HttpContext context)
    {
        // "null" (sandboxed frames, file: pages) and anything that is not one absolute http(s) origin is foreign.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        var host = context.Request.Host;
        if (host.HasValue && string.Equals(uri.Host, host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            // Without a port in Host the request came on the default port of whatever scheme the
            // browser used (a TLS-terminating proxy may forward https as http), so any default port matches.
            && (host.Port is { } port ? uri.Port == port : uri.IsDefaultPort))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<IOptionsMonitor<BackorderDeskOptions>>().CurrentValue.AllowedOrigins;
        return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var entry)
            && string.Equals(entry.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(entry.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
            && entry.Port == uri.Port);
    }
}
