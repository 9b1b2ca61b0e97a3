using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BackorderDesk.Hosting;

/// <summary>
/// Security headers on every response: pages, API answers, static files, errors and 429s. They are
/// written when the response starts, so that the exception handler and the status-code pages (which
/// clear the headers before they re-execute) cannot drop them.
/// </summary>
/// <remarks>
/// The CSP allows what Blazor Server and MudBlazor need and nothing more: scripts only from the app's
/// own origin plus the one inline import map (<c>&lt;ImportMap&gt;</c> in App.razor), which carries this
/// request's nonce; MudBlazor and Blazor set <c>style</c> attributes, hence <c>'unsafe-inline'</c> for
/// styles only; the circuit and the hub connect back to the same origin over WebSockets.
/// </remarks>
public static partial class SecurityHeaders
{
    /// <summary>The <see cref="HttpContext.Items"/> key of this request's CSP nonce.</summary>
    public const string NonceItem = "BackorderDesk.CspNonce";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), " +
        "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), " +
        "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), " +
        "xr-spatial-tracking=(), browsing-topics=()";

    /// <summary>This request's nonce for inline scripts (the import map); the same for a re-executed error page.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceItem] is string nonce)
        {
            return nonce;
        }

        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceItem] = nonce;
        return nonce;
    }

    /// <summary>The Content-Security-Policy for a request with the given nonce and Host header.</summary>
    public static string ContentSecurityPolicy(string nonce, HostString host)
    {
        // 'self' covers ws:/wss: of the same host in CSP 3 browsers; older ones need them spelled out.
        // A Host header that is not a plain host[:port] is left out rather than copied into the policy.
        var sockets = host.HasValue && PlainHost().IsMatch(host.Value) ? $" ws://{host.Value} wss://{host.Value}" : "";
        return "default-src 'self'; " +
            $"script-src 'self' 'nonce-{nonce}'; " +
            "style-src 'self' 'unsafe-inline'; " +
            "img-src 'self' data:; " +
            "font-src 'self' data:; " +
            $"connect-src 'self'{sockets}; " +
            "object-src 'none'; " +
            "base-uri 'self'; " +
            "form-action 'self'; " +
            "frame-ancestors 'none'; " +
            "frame-src 'none'; " +
            "worker-src 'self'; " +
            "manifest-src 'self'";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var nonce = Nonce(context);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce, context.Request.Host);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex PlainHost();
}
