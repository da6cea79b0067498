using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Hosting;

namespace EventWorkbench.Web.Features.Export;

/// <summary>The file a background export prepared, for a signed-in person who may export; recorded like any download.</summary>
public static class ExportJobEndpoints
{
    public const string FilePath = "export/job";

    public static string FileAddress(ExportJob job) => $"{FilePath}/{job.Id}";

    public static void MapExportJobFile(this IEndpointRouteBuilder app) =>
        app.MapGet($"/{FilePath}/{{id}}", DownloadAsync)
            .RequireAuthorization(Policies.CanExport).WithMetadata(new ForbiddenAsStatus()).ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(string id, ExportJobs jobs, ExportLog log, HttpContext context, CancellationToken cancellationToken)
    {
        if (jobs.FindById(id) is not { Manifest: { } manifest } job)
            return Problems.NotFound($"No prepared export has the id '{id}': it is still running, failed, expired, or was withdrawn by an erasure");
        var response = context.Response;
        response.ContentType = job.Request.Format == ExportFormat.ReviewCsv ? "text/csv; charset=utf-8"
            : job.Request.Container == ExportContainer.JsonlGz ? "application/gzip" : "application/jsonl; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{job.FileName}\"";
        response.Headers["X-Export-As-Of"] = manifest.AsOf.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var file = new FileStream(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous))
            await file.CopyToAsync(response.Body, cancellationToken);
        await log.RecordAsync(manifest, context.User.Identity?.Name ?? "anonymous", ExportLog.PageSource, CancellationToken.None);
        return TypedResults.Empty;
    }
}
