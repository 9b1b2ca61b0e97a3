using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace BackorderDesk.Hosting;

/// <summary>
/// Any accepted code or number is reachable in a route when percent-encoded (API.md): the order
/// <c>WEB/2026/001</c> is <c>/api/orders/WEB%2F2026%2F001</c>. The server decodes a request's path
/// except <c>%2F</c> (so that it stays one segment), and routing hands the value on as
/// <c>WEB%2F2026%2F001</c>. This middleware, after routing, decodes each whole-segment route value
/// once more from the request's raw, undecoded path (exact for any text: a literal "%2F" in a number
/// arrives as <c>%252F</c> and stays "%2F"); a server that gives no raw path (the test server) gets
/// its %2F turned into slashes. Every route with a code (orders, SKUs, purchase orders, suppliers,
/// clients, the pages that show them) gets the text that was encoded.
/// </summary>
public static class EncodedRouteValues
{
    public static IApplicationBuilder UseEncodedRouteValues(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            Decode(context);
            return next(context);
        });

    public static void Decode(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.GetEndpoint() is not RouteEndpoint endpoint || !path.Contains('%', StringComparison.Ordinal))
        {
            return;
        }

        var raw = RawPathSegments(context);
        var pathBase = context.Request.PathBase.HasValue ? context.Request.PathBase.Value!.Split('/').Length - 1 : 0;

        // The raw path has the segments of the decoded one (where only %2F stays encoded), after the path base's.
        if (raw is not null && raw.Length != path.Split('/').Length + pathBase)
        {
            raw = null;
        }

        var pattern = endpoint.RoutePattern.PathSegments;
        for (var i = 0; i < pattern.Count; i++)
        {
            if (pattern[i].Parts is not [RoutePatternParameterPart { IsCatchAll: false } parameter]
                || context.Request.RouteValues[parameter.Name] is not string value)
            {
                continue;
            }

            var index = pathBase + 1 + i;
            context.Request.RouteValues[parameter.Name] = raw is not null && index < raw.Length
                ? Uri.UnescapeDataString(raw[index])
                : value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string[]? RawPathSegments(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is not { Length: > 0 } raw || raw[0] != '/')
        {
            return null;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return (query < 0 ? raw : raw[..query]).Split('/');
    }
}
