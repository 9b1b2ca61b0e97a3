using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// API.md rate limits on /api and /hubs: callers without a valid key get a fixed window per client
/// address (so guessing keys or hammering without one is cheap to refuse); each valid key gets its
/// own token bucket. Runs after authentication (the key decides the partition) and before
/// authorization, so refused 401s count against the address too. Limits are read from
/// <see cref="RateLimitOptions"/> when a partition is first created.
/// </summary>
internal static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<BackorderDeskOptions>>().CurrentValue.RateLimits;
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
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

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter("anonymous:" + address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limits.AnonymousPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var authenticated = context.User.Identity?.IsAuthenticated == true;
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: authenticated
                ? $"This API key sent too many requests; wait {seconds} s (Retry-After) and send again."
                : $"Too many requests without a valid API key from this address; wait {seconds} s (Retry-After), and send a valid key in the {ApiKeyAuthenticationHandler.HeaderName} header.")
            .ExecuteAsync(context);
    }
}
