using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// The /health body: overall status plus each check (the event store's database, the append notification listener)
/// with what it found, so an operator sees which part is down and why. Unhealthy is 503 with <c>Retry-After</c>.
/// </summary>
public static class HealthReport
{
    public static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        if (report.Status == HealthStatus.Unhealthy)
            context.Response.Headers.RetryAfter = ((int)Api.ApiErrors.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
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
