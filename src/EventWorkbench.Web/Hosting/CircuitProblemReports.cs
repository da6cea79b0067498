using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Where a browser reports that a page's live connection could not be started (js/circuit-watchdog.js): the
/// server's own log says nothing when, say, a hub message is refused before the page goes live, so the browser
/// says it, and the server logs one warning naming the page.
/// </summary>
public static class CircuitProblemReports
{
    public const string Path = "/client-problems/circuit";
    private const int MaxBodyBytes = 2048;

    public static void MapCircuitProblemReports(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReportAsync).ExcludeFromDescription().DisableAntiforgery();

    private static async Task<IResult> ReportAsync(HttpContext http, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxBodyBytes;
        string? page = null, reason = null;
        try
        {
            using var report = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            if (report.RootElement.ValueKind == JsonValueKind.Object)
            {
                page = Text(report.RootElement, "path", 300);
                reason = Text(report.RootElement, "reason", 500);
            }
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            return TypedResults.BadRequest();
        }
        loggers.CreateLogger(typeof(CircuitProblemReports)).LogWarning(
            "A browser could not start the live connection of {Page}: {Reason}", page ?? "(no page)", reason ?? "(no reason)");
        return TypedResults.NoContent();
    }

    /// <summary>A string property cut to a length, with control characters dropped, so a report cannot forge log lines.</summary>
    private static string? Text(JsonElement report, string name, int maxLength)
    {
        if (!report.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String) return null;
        var text = new StringBuilder();
        foreach (var c in value.GetString()!)
        {
            if (text.Length == maxLength) break;
            if (!char.IsControl(c)) text.Append(c);
        }
        return text.ToString();
    }
}
