using BackorderDesk.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BackorderDesk.Hosting;

/// <summary>
/// Several instances behind one address: with <c>BackorderDesk:Redis</c> set, hub messages go
/// through the SignalR Redis backplane (a client connected to any instance hears every instance),
/// and the change feed hears the other instances' changes (<see cref="InstanceFeedRelay"/>).
/// Without it nothing here is registered and no Redis is needed.
/// </summary>
public static class ScaleOut
{
    public static ISignalRServerBuilder AddScaleOut(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var options = configuration.GetSection(BackorderDeskOptions.Section).Get<BackorderDeskOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return signalR;
        }

        // Checked here so that a wrong setting stops the start with a clear message.
        var backplane = RedisConfiguration.For(options, $"signalr-{Environment.ProcessId}");
        signalR.AddStackExchangeRedis(o => o.Configuration = backplane);
        signalR.Services.AddHostedService<InstanceFeedRelay>();
        return signalR;
    }
}

/// <summary>The StackExchange.Redis settings every Redis connection of the app starts from.</summary>
public static class RedisConfiguration
{
    /// <param name="options">The app's options; <see cref="BackorderDeskOptions.Redis"/> must be set.</param>
    /// <param name="purpose">Shows in Redis's <c>CLIENT LIST</c> as part of the connection's name.</param>
    public static ConfigurationOptions For(BackorderDeskOptions options, string purpose)
    {
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Redis ?? "");
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(
                BackorderDeskOptions.Section,
                typeof(BackorderDeskOptions),
                [$"BackorderDesk:Redis is not a Redis configuration StackExchange.Redis understands ({ex.Message}). Give host:port, e.g. 127.0.0.1:6379, optionally followed by options such as ,password=…"]);
        }

        if (configuration.EndPoints.Count == 0)
        {
            throw new OptionsValidationException(
                BackorderDeskOptions.Section,
                typeof(BackorderDeskOptions),
                ["BackorderDesk:Redis names no server. Give host:port, e.g. 127.0.0.1:6379."]);
        }

        var prefix = options.RedisChannelPrefix.Trim();
        if (prefix.Length == 0)
        {
            throw new OptionsValidationException(
                BackorderDeskOptions.Section,
                typeof(BackorderDeskOptions),
                ["BackorderDesk:RedisChannelPrefix is empty. Give every warehouse sharing one Redis a name of its own, e.g. BackorderDesk-North."]);
        }

        // Start (and keep running) while Redis is down: it reconnects in the background.
        configuration.AbortOnConnectFail = false;
        configuration.ChannelPrefix = RedisChannel.Literal(prefix + ":");
        // Redis refuses a client name with spaces or newlines.
        configuration.ClientName ??= new string($"{prefix}-{purpose}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' ? c : '-').ToArray());
        return configuration;
    }
}
