using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// Rate limits on every request but static files and health checks (<see cref="RateLimitOptions"/>):
/// <list type="bullet">
/// <item>without a valid API key or a signed-in user, a fixed window per client address shared by
/// pages, /api, /hubs and the circuit (/_blazor), so guessing keys, hammering the sign-in page or
/// opening circuits is cheap to refuse (API.md: 30 a minute);</item>
/// <item>each valid API key, its own token bucket (API.md: 200 a second);</item>
/// <item>each signed-in user (any authenticated user that is not an API key), their own fixed window;</item>
/// <item>on top, <c>POST /account/sign-in</c> per client address (password guessing).</item>
/// </list>
/// Runs after authentication (the key or cookie decides the partition) and before authorization, so
/// refused 401s count against the address too. Limits are read when a partition is first created.
/// A refused request gets 429 with <c>Retry-After</c>: problem details under /api and /hubs, a short
/// page elsewhere.
/// </summary>
internal static class RequestRateLimits
{
    public const string SignInPath = "/account/sign-in";

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(CallerPartition),
                PartitionedRateLimiter.Create<HttpContext, string>(SignInPartition));
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> CallerPartition(HttpContext context)
    {
        if (IsExempt(context))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var limits = Limits(context);
        if (context.User.Identity is { IsAuthenticated: true } identity)
        {
            if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
            {
                var key = context.User.FindFirstValue(ClaimTypes.Name) ?? "";
                var perSecond = Math.Max(1, limits.KeyPerSecond);
                return RateLimitPartition.GetTokenBucketLimiter("key:" + key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            }

            var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? identity.Name ?? "";
            return RateLimitPartition.GetFixedWindowLimiter("user:" + user, _ => PerMinute(limits.UserPerMinute));
        }

        return RateLimitPartition.GetFixedWindowLimiter("anonymous:" + ClientAddress(context), _ => PerMinute(limits.AnonymousPerMinute));
    }

    private static RateLimitPartition<string> SignInPartition(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(SignInPath)
            ? RateLimitPartition.GetFixedWindowLimiter("sign-in:" + ClientAddress(context), _ => PerMinute(Limits(context).SignInPerMinute))
            : RateLimitPartition.GetNoLimiter("");

    /// <summary>Static files (fingerprinted assets, the framework's scripts) and health checks are never limited.</summary>
    private static bool IsExempt(HttpContext context)
    {
        // A status-code page (404, 403) re-executes the pipeline for the same request: count it once.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            return true;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments("/healthz")
            || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/_content")
            || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
    }

    /// <summary>The client's address; IPv6 clients by their /64, which one host usually owns whole.</summary>
    private static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return address.ToString();
    }

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<BackorderDeskOptions>>().CurrentValue.RateLimits;

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var identity = context.User.Identity;
        var isKey = identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName };
        var isUser = identity?.IsAuthenticated == true && !isKey;
        var signIn = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(SignInPath);

        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: isKey
                    ? $"This API key sent too many requests; wait {seconds} s (Retry-After) and send again."
                    : isUser
                        ? $"You sent too many requests; wait {seconds} s (Retry-After) and send again."
                        : $"Too many requests without a valid API key from this address; wait {seconds} s (Retry-After), and send a valid key in the {ApiKeyAuthenticationHandler.HeaderName} header.")
                .ExecuteAsync(context);
            return;
        }

        var message = signIn
            ? $"Too many sign-in attempts from this address. Wait {seconds} seconds, then try again."
            : isUser
                ? $"You sent too many requests in a short time. Wait {seconds} seconds, then try again."
                : $"Too many requests from this address. Wait {seconds} seconds, then try again.";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many requests – BackorderDesk</title></head>
            <body><main><h1>Too many requests</h1><p>{HtmlEncoder.Default.Encode(message)}</p></main></body></html>
            """,
            cancellationToken);
    }
}
