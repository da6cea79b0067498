using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventWorkbench.Web.Hosting;

/// <summary>The /health body: overall status plus each check, so an operator sees which part is down.</summary>
public static class HealthReport
{
    public static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = e.Value.Duration.TotalMilliseconds,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
