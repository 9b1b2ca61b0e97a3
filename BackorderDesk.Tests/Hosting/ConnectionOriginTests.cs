using System.Net;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackorderDesk.Tests.Hosting;

/// <summary>Hub and circuit connections opened by another site's page are refused; same-origin and Origin-less ones work.</summary>
/// <remarks>One app for the class: negotiations and connections change nothing it stores.</remarks>
public sealed class ConnectionOriginTests(DeskTestHost api) : IClassFixture<DeskTestHost>
{
    private readonly DeskTestHost _api = api;

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost:8080")]     // same host, another port: another origin
    [InlineData("http://localhost.evil.example")]
    [InlineData("null")]
    public async Task A_hub_negotiation_from_a_foreign_origin_is_refused(string origin)
    {
        var response = await NegotiateAsync(_api, WarehouseHub.Path, origin);

        await Features.Catalog.ApiAnswers.ProblemAsync(response, 403);
    }

    [Theory]
    [InlineData("http://localhost")]          // the test server's own origin
    [InlineData(null)]                        // scanners and scripts send none
    public async Task A_hub_negotiation_from_the_same_origin_or_without_one_works(string? origin)
    {
        var response = await NegotiateAsync(_api, WarehouseHub.Path, origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_circuit_refuses_a_foreign_origin_and_takes_its_own()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(_api, "/_blazor", "https://evil.example")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await NegotiateAsync(_api, "/_blazor", "http://localhost")).StatusCode);
    }

    [Fact]
    public async Task A_configured_allowed_origin_may_connect()
    {
        await using var app = _api.WithWebHostBuilder(web => web.UseSetting("BackorderDesk:AllowedOrigins:0", "https://scanners.example:8443"));

        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(app, WarehouseHub.Path, "https://scanners.example:8443")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(app, WarehouseHub.Path, "https://scanners.example")).StatusCode);
    }

    [Fact]
    public async Task A_signalr_client_sending_a_foreign_origin_cannot_connect_and_one_without_can()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var foreign = Hub("http://evil.example");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => foreign.StartAsync(ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await using var device = Hub(origin: null);
        await device.StartAsync(ct);
        Assert.Equal(HubConnectionState.Connected, device.State);
    }

    private HubConnection Hub(string? origin) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_api.Server.BaseAddress, WarehouseHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => _api.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers[ApiKeyHeader] = DeskTestHost.ReadOnlyKey;
                if (origin is not null)
                {
                    o.Headers["Origin"] = origin;
                }
            })
            .Build();

    private const string ApiKeyHeader = "X-Api-Key";

    private static async Task<HttpResponseMessage> NegotiateAsync(WebApplicationFactory<Program> app, string path, string? origin)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/negotiate?negotiateVersion=1");
        request.Headers.Add(ApiKeyHeader, DeskTestHost.ReadOnlyKey);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
