using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Live;

/// <summary>A signed-in person's hub connection ends when their account changes; others stay.</summary>
public sealed class HubSessionsTests : IAsyncDisposable
{
    private readonly DeskTestHost _factory = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Disabling_a_user_closes_their_hub_connection_at_the_next_check_and_keeps_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var manager = Connect(await _factory.SignInCookieAsync(DeskRoles.Manager));
        await using var planner = Connect(await _factory.SignInCookieAsync(DeskRoles.Planner));
        await manager.StartAsync(ct);
        await planner.StartAsync(ct);
        await manager.InvokeAsync("JoinAll", ct);
        var closed = new TaskCompletionSource();
        manager.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var sessions = _factory.Services.GetRequiredService<HubSessions>();
        Assert.Equal(0, await sessions.RevalidateAsync(ct));

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
            var user = await users.FindByNameAsync("manager");
            user!.IsDisabled = true;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
        }

        Assert.Equal(1, await sessions.RevalidateAsync(ct));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(HubConnectionState.Disconnected, manager.State);
        Assert.Equal(HubConnectionState.Connected, planner.State);
        await planner.InvokeAsync("JoinAll", ct);
    }

    [Fact]
    public async Task A_receiver_may_not_connect_to_the_hub()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = Connect(await _factory.SignInCookieAsync(DeskRoles.Receiver));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => receiver.StartAsync(ct));
    }

    private HubConnection Connect(string cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, WarehouseHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookie;
            })
            .Build();
}
