using System.Diagnostics;
using System.Net;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// What an unhandled exception gets outside Development (where the developer exception page shows it): the API a
/// problem body, a page a plain error page. Neither says more than that something failed and the reference under
/// which the server logged it: no message, no type name, no stack.
/// </summary>
public static class UnhandledErrors
{
    public static IApplicationBuilder UseUnhandledErrors(this WebApplication app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync });

    /// <summary>
    /// What an API client is told: the reference, and for a request that changes something that it may or may not have
    /// done so (an append can be sent again safely with its Idempotency-Key; anything else is looked at first).
    /// </summary>
    internal static string ApiDetail(HttpRequest request, string reference)
    {
        var detail = $"Something went wrong on the server; it logged the error under the reference {reference}.";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return detail;
        var isAppend = HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api/streams")
            && request.Path.Value!.EndsWith("/events", StringComparison.Ordinal);
        return detail + (isAppend
            ? " An append that got this answer may or may not have been written: retry it with the same Idempotency-Key."
            : " The request may or may not have taken effect: look before sending it again.");
    }

    private static async Task WriteAsync(HttpContext http)
    {
        var reference = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (ApiErrors.IsApi(http) || http.Request.Path.StartsWithSegments("/openapi"))
        {
            await Problems.Write(http, StatusCodes.Status500InternalServerError, "The server failed to answer", ApiDetail(http.Request, reference));
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><title>Something went wrong · EventWorkbench</title>{WorkbenchIcon.Link}</head>
            <body>
            <main>
            <h1>Something went wrong</h1>
            <p>The workbench could not show this page. The server logged the error under the reference
            <code>{WebUtility.HtmlEncode(reference)}</code>.</p>
            <p><a href="/streams">Back to the workbench</a></p>
            </main>
            </body>
            </html>
            """);
    }
}
