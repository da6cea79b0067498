using EventWorkbench.Web.Api;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// How long an address and how many headers a request may carry, and that header values are ASCII. Kestrel refuses a
/// request over its own limits, or with bytes it does not decode in a header value, while it parses it, before the
/// app runs, with a bare status line that no app code can give a body. So Kestrel's limits are set well above the
/// workbench's and it reads header values as Latin-1 (every byte one character), and the workbench checks first
/// thing: a request over its limits within that margin gets 414 or 431, a header value with a byte over 0x7F gets
/// 400, each as problem+json naming the limit or the header. Only a request far beyond the limits meets Kestrel's
/// bare refusal.
/// </summary>
public static class RequestLimits
{
    /// <summary>The request target (path and query string), in bytes as sent.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>All header names and values together, in characters as read.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int MaxHeaderCount = 100;

    // Kestrel's own limits: eight times the workbench's, still small enough that parsing them costs nothing worth noting.
    public const int ServerMaxRequestLineBytes = 8 * MaxTargetBytes;
    public const int ServerMaxHeaderBytes = 8 * MaxHeaderBytes;
    public const int ServerMaxHeaderCount = 8 * MaxHeaderCount;

    public static void AddRequestLimits(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = ServerMaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = ServerMaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = ServerMaxHeaderCount;
            // Content-Length keeps Kestrel's own reading: read as Latin-1, a value past 2^63 drops the connection unanswered.
            kestrel.RequestHeaderEncodingSelector = name =>
                string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ? null : Encoding.Latin1;
        });

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxTargetBytes)
            return Refuse(context, StatusCodes.Status414UriTooLong, "The address is too long", "address",
                $"the path and query string are {target.Length:N0} bytes; at most {MaxTargetBytes:N0} are read");

        var (count, size) = Measure(context.Request.Headers);
        if (count > MaxHeaderCount)
            return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Too many headers", "headers",
                $"the request has {count:N0} header fields; at most {MaxHeaderCount:N0} are read");
        if (size > MaxHeaderBytes)
            return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The headers are too large", "headers",
                $"the header names and values are {size:N0} characters; at most {MaxHeaderBytes:N0} are read");

        if (NotAscii(context.Request.Headers) is { } header)
            return Refuse(context, StatusCodes.Status400BadRequest, "A header value is not ASCII", header,
                "holds a byte over 0x7F (not ASCII, perhaps not UTF-8); header values must be ASCII");

        return next(context);
    });

    private static string? NotAscii(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
            foreach (var value in values)
                if (value is not null && !Ascii.IsValid(value)) return name;
        return null;
    }

    private static (int Count, long Size) Measure(IHeaderDictionary headers)
    {
        int count = 0;
        long size = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                count++;
                size += name.Length + (value?.Length ?? 0);
            }
        }
        return (count, size);
    }

    private static Task Refuse(HttpContext context, int status, string title, string field, string message)
    {
        // The client may still be sending; it is told to close rather than to send its next request on this connection.
        context.Response.Headers.Connection = "close";
        return Problems.Write(context, status, title, $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
    }
}
