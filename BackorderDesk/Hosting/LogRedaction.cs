using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// Keeps secrets out of every log: API keys in <c>?apiKey=</c> (hub URLs, which Kestrel's
/// "Request starting" line logs at Information before any middleware runs), in <c>X-Api-Key</c>,
/// and cookies, authorization headers and passwords wherever a message or its structured values
/// show them as <c>name=value</c> or <c>Header: value</c>. Wraps the logger factory itself, so every
/// provider (console, a test's, one added later) gets the redacted message and values.
/// </summary>
public static partial class LogRedaction
{
    public const string Redacted = "[redacted]";

    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>The text with the values of secret query parameters, form fields and headers replaced by <see cref="Redacted"/>.</summary>
    public static string Redact(string text) =>
        SecretHeader().Replace(SecretParameter().Replace(text, "$1" + Redacted), "$1" + Redacted);

    public static bool HasSecret(string text) => SecretParameter().IsMatch(text) || SecretHeader().IsMatch(text);

    [GeneratedRegex(@"((?:^|[?&;\s""'{,])(?:api[-_]?key|access_token|token|password|passwd|pwd|secret|cookie)""?\s*[=:]\s*""?)[^&\s""',;}#]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"((?:^|\s|"")(?:X-Api-Key|Cookie|Set-Cookie|Authorization)""?\s*[:=]\s*""?)[^\r\n""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretHeader();

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            if (!HasSecret(message) && (values is null || !values.Any(v => v.Value is { } value && Sensitive(value) is { } text && HasSecret(text))))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(
                Redact(message),
                values?.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value is { } value && Sensitive(value) is { } text ? Redact(text) : v.Value)).ToList() ?? []);
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
        }

        /// <summary>The text of values that can carry a URL, a header or a form field.</summary>
        private static string? Sensitive(object value) => value switch
        {
            string s => s,
            QueryString or PathString or Uri or HostString => value.ToString(),
            _ => null,
        };
    }

    private sealed class RedactedState(string message, List<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
