using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// Every log line, at every level and in every category, captured while keys travel in the
/// header and in hub URLs, a cookie is sent and a password is posted: none of them is in any
/// message or structured value.
/// </summary>
public sealed class LogRedactionTests : IAsyncDisposable
{
    private const string CookieValue = "cookie-value-that-must-stay-private";
    private const string Password = "password-that-must-stay-private";

    private readonly DeskTestHost _api = new();
    private readonly CapturingLoggerProvider _logs = new();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Keys_cookies_and_passwords_never_reach_the_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = _api.WithWebHostBuilder(web => web.ConfigureLogging(logging =>
        {
            logging.AddProvider(_logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        }));

        using (var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, DeskTestHost.IntegrationKey);
            client.DefaultRequestHeaders.Add("Cookie", $"session={CookieValue}");
            await client.GetAsync("/api/clients/DEFAULT", ct);
            await client.GetAsync($"/api/clients/DEFAULT?apiKey={DeskTestHost.ScannerKey}", ct);
            await client.GetAsync($"/api/no-such-route?apiKey={DeskTestHost.ScannerKey}", ct);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = Password });
            await client.PostAsync($"/account/sign-in?password={Password}", form, ct);
        }

        // A hub client that can only send its key in the URL (as browsers' WebSockets must).
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, $"{WarehouseHub.Path}?apiKey={DeskTestHost.ReadOnlyKey}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build())
        {
            await hub.StartAsync(ct);
            await hub.InvokeAsync("JoinAll", ct);
        }

        var lines = _logs.Lines.ToList();

        // The capture saw the requests, keys redacted, so an unredacted key would have been seen too.
        Assert.Contains(lines, l => l.Contains(WarehouseHub.Path, StringComparison.Ordinal) && l.Contains("apiKey=" + LogRedaction.Redacted, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/api/clients/DEFAULT", StringComparison.Ordinal));
        foreach (var secret in new[] { DeskTestHost.IntegrationKey, DeskTestHost.ScannerKey, DeskTestHost.ReadOnlyKey, CookieValue, Password })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://localhost/hubs/warehouse?id=abc&apiKey=k-123 - -", "http://localhost/hubs/warehouse?id=abc&apiKey=[redacted] - -")]
    [InlineData("X-Api-Key: k-123", "X-Api-Key: [redacted]")]
    [InlineData("Cookie: a=b; c=d", "Cookie: [redacted]")]
    [InlineData("{\"password\":\"hunter2-secret\"}", "{\"password\":\"[redacted]\"}")]
    public void Redaction_replaces_the_secret_and_keeps_the_rest(string text, string expectedEnd)
    {
        Assert.EndsWith(expectedEnd, LogRedaction.Redact(text), StringComparison.Ordinal);
    }

    /// <summary>Records each message and the text of each structured value.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        lines.Enqueue($"{category}: {key}={value}");
                    }
                }
            }
        }
    }
}
