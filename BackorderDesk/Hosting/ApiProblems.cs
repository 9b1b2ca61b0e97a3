using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace BackorderDesk.Hosting;

/// <summary>An unknown thing named in the route (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>A conflict with existing data, e.g. a number already used (409).</summary>
public sealed class ConflictException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>Invalid input (400), with the messages keyed by field and, optionally, a title that says what to fix.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors, string? title = null)
    : Exception("Some fields are not valid: " + string.Join("; ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The problem's title; null for the generic one.</summary>
    public string? Title { get; } = title;
}

/// <summary>Collects field errors and throws one <see cref="ValidationException"/> with all of them.</summary>
public sealed class InputCheck
{
    public const int MaxQty = 1_000_000;

    private readonly Dictionary<string, List<string>> _errors = [];

    public InputCheck Code(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required (1–64 printable characters).");
            }
        }
        else if (value.Length > 64 || value.Any(char.IsControl))
        {
            Add(field, $"{field} must be 1–64 printable characters.");
        }

        return this;
    }

    public InputCheck Name(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required (1–200 characters).");
            }
        }
        else if (value.Length > 200 || value.Any(char.IsControl))
        {
            Add(field, $"{field} must be 1–200 characters without control characters.");
        }

        return this;
    }

    public InputCheck Quantity(string field, int? value, int min = 1, int max = MaxQty)
    {
        if (value is null)
        {
            Add(field, $"{field} is required: a whole number from {min:N0} to {max:N0}.");
        }
        else if (value < min || value > max)
        {
            Add(field, $"{field} must be a whole number from {min:N0} to {max:N0}; {value:N0} is out of range.");
        }

        return this;
    }

    /// <summary>An optional email address: one @, a dot in the domain, no spaces, and what MailAddress reads back unchanged.</summary>
    public InputCheck Email(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }

        var email = value.Trim();
        var valid = email.Length <= 200
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            && email.IndexOf('@') is > 0 and var at
            && at == email.LastIndexOf('@')
            && email.IndexOf('.', at) > at + 1
            && !email.EndsWith('.')
            && System.Net.Mail.MailAddress.TryCreate(email, out var parsed)
            && parsed.Address == email;
        return That(valid, field, $"{field} must be an email address such as name@example.com (at most 200 characters).");
    }

    /// <summary>A date within [<paramref name="min"/>, <paramref name="max"/>]; both ends are in the message.</summary>
    public InputCheck Date(string field, DateOnly? value, DateOnly min, DateOnly max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"{field} is required: a date such as {Iso(min)}.");
            }
        }
        else if (value < min || value > max)
        {
            Add(field, $"{field} must be a date from {Iso(min)} to {Iso(max)}; {Iso(value.Value)} is out of range.");
        }

        return this;
    }

    public InputCheck That(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }
}

/// <summary>
/// Turns the exceptions of the API into RFC 9457 problem details whose title says what to fix.
/// </summary>
internal sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Outside Development the exception handler has already rewritten the path to /Error; the
        // request's own path is in the feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : httpContext.Request.Path;
        var isApi = path.StartsWithSegments(ApiProblemsRegistration.ApiPath);
        var (status, title, errors) = exception switch
        {
            ValidationException v => (400, v.Title ?? "The request has invalid fields; fix them and send it again.", v.Errors),
            BadHttpRequestException { StatusCode: 413 } when path.StartsWithSegments(ApiProblemsRegistration.ImportPath) =>
                (413, "The upload is larger than 10 MB; split the workbook into smaller files.", null),
            BadHttpRequestException { StatusCode: 413 } => (413, ApiProblemsRegistration.BodyTooLargeTitle, null),
            BadHttpRequestException { StatusCode: 415 } => (415, ApiProblemsRegistration.NotJsonTitle, null),
            BadHttpRequestException b => (400, BadRequestTitle(b), null),
            NotFoundException n => (404, n.Message, null),
            ConflictException c => (409, c.Message, FieldErrors(c.Field, c.Message)),
            DomainException d => (422, d.Message, FieldErrors(d.Field, d.Message)),
            _ when DatabaseBusy.Is(exception) => (503, WarehouseBusyException.Title, null),
            _ when isApi => (500, "The server failed to handle this request and nothing was changed; try again, and report it if it repeats.", null),
            _ => (0, "", null),
        };
        if (status == 0 || (!isApi && status >= 500))
        {
            return false;
        }

        if (status == 503)
        {
            httpContext.Response.Headers.RetryAfter = DatabaseBusy.RetryAfterSeconds(httpContext.RequestServices).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await ApiProblemsRegistration.WriteProblemAsync(httpContext, status, title, errors);
        return true;
    }

    private static string BadRequestTitle(BadHttpRequestException exception) =>
        exception.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON for this endpoint: {json.Message}"
            : exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? "The request needs a JSON body (Content-Type: application/json)."
                : $"The request is not valid: {exception.Message}";

    private static Dictionary<string, string[]>? FieldErrors(string? field, string message) =>
        field is null ? null : new() { [field] = [message] };
}

internal static class ApiProblemsRegistration
{
    public const long MaxBodyBytes = 1_000_000;

    /// <summary>A purchase-order workbook may be 10 MB; the multipart envelope gets a little room on top.</summary>
    public const long MaxImportBodyBytes = 10 * 1024 * 1024 + 64 * 1024;

    /// <summary>The longest path and query string the app answers (414 beyond).</summary>
    public const int MaxAddressLength = 8 * 1024;

    /// <summary>
    /// Kestrel's own request-line limit sits above <see cref="MaxAddressLength"/>, so that an overlong
    /// address reaches the app and gets its 414 problem; only one beyond this gets Kestrel's bare 414.
    /// </summary>
    public const int MaxRequestLineBytes = 32 * 1024;

    public const string ApiPath = "/api";

    public const string ImportPath = "/api/purchase-orders/import";

    public const string BodyTooLargeTitle = "The request body is larger than 1 MB; send fewer lines per request.";

    public const string NotJsonTitle = "The request body must be JSON: send it with Content-Type: application/json.";

    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        return services;
    }

    /// <summary>
    /// Writes a problem as <c>application/problem+json</c> whatever the request accepts (a browser
    /// following an API link asks for HTML first), with the request's trace id.
    /// </summary>
    public static Task WriteProblemAsync(HttpContext http, int status, string title, IDictionary<string, string[]>? errors = null)
    {
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (errors is not null)
        {
            details.Extensions["errors"] = errors;
        }

        details.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier;
        http.Response.StatusCode = status;
        return TypedResults.Problem(details).ExecuteAsync(http);
    }

    /// <summary>An API error answered without a body (no route, a method or content type the route does not take, …) gets a problem that says what to do.</summary>
    public static Task WriteUnknownRouteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var title = status switch
        {
            StatusCodes.Status404NotFound => $"No API route answers {http.Request.Method} {http.Request.Path}; the routes are listed at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not take {http.Request.Method}; the routes and their methods are listed at /openapi/v1.json.",
            StatusCodes.Status413PayloadTooLarge => BodyTooLargeTitle,
            StatusCodes.Status415UnsupportedMediaType => NotJsonTitle,
            _ => $"The request failed ({status} {ReasonPhrase(status)}); the routes and what they take are listed at /openapi/v1.json.",
        };
        return WriteProblemAsync(http, status, title);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "error";

    /// <summary>
    /// An address (path and query) longer than <see cref="MaxAddressLength"/> is refused with 414
    /// before routing: a problem under /api, a line of text elsewhere.
    /// </summary>
    public static IApplicationBuilder UseAddressLimit(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            var length = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
            if (length <= MaxAddressLength)
            {
                return next(context);
            }

            var title = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The address is longer than {MaxAddressLength:N0} characters; send fewer or shorter query parameters.");
            if (request.Path.StartsWithSegments(ApiPath))
            {
                return WriteProblemAsync(context, StatusCodes.Status414UriTooLong, title);
            }

            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return context.Response.WriteAsync(title);
        });

    /// <summary>Limits API request bodies to 1 MB (a purchase-order workbook upload to 10 MB), before anything reads them.</summary>
    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.Use(async (context, next) =>
            {
                var limit = context.Request.Path.StartsWithSegments(ImportPath) ? MaxImportBodyBytes : MaxBodyBytes;
                if (context.Request.ContentLength > limit)
                {
                    throw new BadHttpRequestException("Request body too large.", 413);
                }

                var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
                if (feature is { IsReadOnly: false })
                {
                    feature.MaxRequestBodySize = limit;
                }

                await next(context);
            }));
}
