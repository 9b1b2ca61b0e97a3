using System.Collections.Concurrent;
using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Live;

/// <summary>
/// The hub connections of signed-in people. Every 30 seconds each one is checked as the pages are
/// (<see cref="DeskUserValidity"/>): a person who was disabled, or whose role or password changed,
/// is disconnected, so a live connection never outlives an account change by more than a minute.
/// API-key connections are not tracked here.
/// </summary>
public sealed class HubSessions(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, TimeProvider time, ILogger<HubSessions> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context)
    {
        if (context.User?.Identity is { IsAuthenticated: true } user && user.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName)
        {
            _connections[context.ConnectionId] = context;
        }
    }

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Checks every tracked connection once; returns how many were disconnected.</summary>
    public async Task<int> RevalidateAsync(CancellationToken cancellationToken)
    {
        var dropped = 0;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        foreach (var (id, context) in _connections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.User is { } principal && await DeskUserValidity.IsCurrentAsync(users, principal, identity.Value))
            {
                continue;
            }

            log.LogInformation("Closing hub connection {ConnectionId} of {UserName}: the account changed.", id, context.User?.FindFirstValue(ClaimTypes.Name));
            context.Abort();
            Remove(id);
            dropped++;
        }

        return dropped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RevalidateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Re-checking hub connections failed; trying again in {Seconds} s.", Interval.TotalSeconds);
            }
        }
    }
}
