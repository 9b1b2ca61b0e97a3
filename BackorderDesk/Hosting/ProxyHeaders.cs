using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BackorderDesk.Hosting;

/// <summary>
/// Behind a reverse proxy (the README's nginx in front of several instances) every request comes from
/// the proxy's address. The client's own address and scheme arrive in <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, and are taken from there only when the request comes from a proxy the app
/// trusts: one on the same machine (loopback), or one listed in <c>BackorderDesk:KnownProxies</c>.
/// Then rate limits count per client, not per proxy, and https redirection knows the client used https.
/// From anyone else the headers are ignored, so a client cannot pass itself off as another address.
/// </summary>
public static class ProxyHeaders
{
    public const string KnownProxiesKey = BackorderDeskOptions.Section + ":KnownProxies";

    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };

        // The defaults trust loopback (127.0.0.0/8 and ::1); configured proxies are added to them.
        foreach (var proxy in app.Configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException(
                    $"{KnownProxiesKey} holds '{proxy}', which is not an IP address. List the addresses of the proxies in front of the app, e.g. [\"10.0.0.5\"]."));
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
