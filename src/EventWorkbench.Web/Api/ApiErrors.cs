using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Answers for what goes wrong around an endpoint rather than in its own checks, as problem+json under <c>/api</c>:
/// a request the server could not read (a query parameter that does not bind, a body cut short or arriving too slowly)
/// gets its 4xx naming what is wrong, an unreachable database 503 with <c>Retry-After</c>, and the framework's own
/// bodiless answers (404, 405) a problem body whatever the client's Accept header says.
/// </summary>
public static partial class ApiErrors
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            http.Response.Clear();
            var (field, message) = Describe(ex);
            var errors = field is null ? null : new Dictionary<string, string[]> { [field] = [message] };
            await Problems.Write(http, ex.StatusCode, ReasonPhrases.GetReasonPhrase(ex.StatusCode),
                field is null ? message : $"{field}: {message}", errors);
        }
        catch (Exception ex) when (IsDatabaseUnavailable(ex) && !http.Response.HasStarted)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors))
                .LogWarning("The event store's database did not answer {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, Innermost(ex));
            http.Response.Clear();
            http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            const string title = "The event store is unavailable";
            var detail = $"PostgreSQL does not answer; try again in {RetryAfter.TotalSeconds:N0} s. An append that got this answer may or may not "
                + "have been written: retry it with the same Idempotency-Key.";
            if (IsApi(http)) await Problems.Write(http, StatusCodes.Status503ServiceUnavailable, title, detail);
            else
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"{title}. {detail}");
            }
        }
    });

    /// <summary>For <c>UseStatusCodePages</c>: a problem body on the API, the framework's usual answer elsewhere.</summary>
    public static async Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (IsApi(http))
        {
            await Problems.Write(http, status, ReasonPhrases.GetReasonPhrase(status), DetailFor(http, status));
            return;
        }
        if (http.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status } }))
            return;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync($"Status Code: {status}; {ReasonPhrases.GetReasonPhrase(status)}");
    }

    /// <summary>
    /// A connection that cannot be made or was lost, a server that refuses work for now, or one that is going away
    /// (a backend whose server was shut down or died ends its session with 57P01 or 57P02): worth retrying.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: "57P01" or "57P02" or "57P03" }) return true;
        }
        return false;
    }

    private static string DetailFor(HttpContext http, int status) => status switch
    {
        StatusCodes.Status404NotFound => "There is no API endpoint at this path; see /openapi/v1.json",
        StatusCodes.Status405MethodNotAllowed => http.Response.Headers.Allow.Count > 0
            ? $"{http.Request.Method} is not allowed here; this endpoint takes {http.Response.Headers.Allow}"
            : $"{http.Request.Method} is not allowed here",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>
    /// The framework's and Kestrel's messages name .NET types ("Failed to bind parameter \"Nullable&lt;int&gt; page\"");
    /// this gives the parameter's name and what it takes instead.
    /// </summary>
    private static (string? Field, string Message) Describe(BadHttpRequestException ex)
    {
        // A JSON body the framework could not read: the field at fault and what is wrong with it, as an append says it.
        if (ex.InnerException is JsonException json) return JsonErrors.Describe(json);
        var message = ex.Message;
        if (Parameter().Match(message) is { Success: true } parameter)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Groups["name"].Value);
            var type = parameter.Groups["type"].Value;
            if (message.StartsWith("Required parameter", StringComparison.Ordinal)) return (name, "is required");
            return (name, type switch
            {
                _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase)
                    => "must be a whole number in range",
                _ when type.Contains("double", StringComparison.OrdinalIgnoreCase) || type.Contains("decimal", StringComparison.OrdinalIgnoreCase)
                    => "must be a number",
                _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "must be true or false",
                _ when type.Contains("DateTime", StringComparison.Ordinal) => "must be a date and time (ISO 8601, such as 2026-11-29T10:00:00Z)",
                _ => "has the wrong format",
            });
        }
        if (message.Contains("Unexpected end of request content", StringComparison.Ordinal))
            return ("body", "ended before the length its Content-Length header announced; nothing was written");
        if (message.Contains("data arriving too slowly", StringComparison.Ordinal))
            return ("body", "arrived too slowly (Kestrel's minimum data rate); nothing was written");
        if (message.Contains("too large", StringComparison.OrdinalIgnoreCase))
            return ("body", "is too large; nothing was written");
        return (null, JsonErrors.Scrub(message));
    }

    private static string Innermost(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is { } inner) innermost = inner;
        return innermost.Message;
    }

    [GeneratedRegex("parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\"")]
    private static partial Regex Parameter();
}
