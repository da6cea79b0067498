using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Hosting;

namespace EventWorkbench.Web.Features.Export;

public static class ExportEndpoints
{
    public static IServiceCollection AddExport(this IServiceCollection services) =>
        services.AddSingleton<DatasetExporter>().AddSingleton<ExportLog>().AddSingleton<ExportPreviews>().AddSingleton<ExportJobs>()
            .AddHostedService<ExportFiles>();

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exports/{format}", ExportAsync).RequireAuthorization(ApiScopes.Export).RequireRateLimiting(RateLimits.Reads).WithTags("Export").WithRawRouteValues()
            .WithName("Export")
            .WithSummary("A training dataset (trl-sft, trl-dpo, trl-kto, openai-sft, openai-dpo), every event (events) or the review table "
                + "(review-csv), pinned to asOf, streamed; part=manifest, part=lineage or part=card for its manifest, lineage or dataset card")
            .ProducesProblem(400).DescribeQuery(ExportQuery.Parameters);

        // The export page's downloads: the same export for a signed-in person (the cookie), recorded under their name.
        app.MapGet($"/{ExportAddress.DownloadPath}/{{format}}", (
                string format, [AsParameters] ExportQuery query, DatasetExporter exporter, ExportLog log, HttpContext context,
                CancellationToken cancellationToken) => StreamExportAsync(format, query, exporter, log, context, ExportLog.PageSource, cancellationToken))
            .RequireAuthorization(Policies.CanExport).WithMetadata(new ForbiddenAsStatus()).WithRawRouteValues().ExcludeFromDescription();
        app.MapExportJobFile();
    }

    /// <summary>
    /// Checks everything before the first byte (a bad parameter or an asOf beyond the log is a 400), then streams the
    /// part asked for; a finished data download is recorded as <c>dataset_exported</c> with its manifest.
    /// </summary>
    private static Task<IResult> ExportAsync(
        string format, [AsParameters] ExportQuery query, DatasetExporter exporter, ExportLog log, HttpContext context,
        CancellationToken cancellationToken) =>
        StreamExportAsync(format, query, exporter, log, context, ExportLog.Source, cancellationToken);

    private static async Task<IResult> StreamExportAsync(
        string format, ExportQuery query, DatasetExporter exporter, ExportLog log, HttpContext context, string source,
        CancellationToken cancellationToken)
    {
        var (request, part, errors) = query.ToRequest(format);
        if (request is null) return Problems.InvalidQuery(errors);
        long asOf;
        try
        {
            asOf = await exporter.ResolveAsOfAsync(request.AsOf, cancellationToken);
        }
        catch (AsOfBeyondLogException beyond)
        {
            errors.Add("asOf", beyond.Message);
            return Problems.InvalidQuery(errors);
        }
        request = request with { AsOf = asOf };

        var response = context.Response;
        response.Headers["X-Export-As-Of"] = asOf.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (part)
        {
            case ExportPart.Manifest:
                var manifest = await exporter.WriteAsync(request, Stream.Null, Stream.Null, cancellationToken);
                return TypedResults.Json(manifest, ExportLog.ManifestJson);
            case ExportPart.Card:
                var facts = new DatasetFacts();
                var described = await exporter.WriteAsync(request, Stream.Null, Stream.Null, facts, cancellationToken);
                Attachment(response, DatasetCard.FileName);
                return TypedResults.Text(DatasetCard.Write(described, facts, request), "text/markdown; charset=utf-8");
            case ExportPart.Lineage:
                response.ContentType = "application/jsonl; charset=utf-8";
                Attachment(response, ExportNames.LineageFileName);
                await exporter.WriteAsync(request, Stream.Null, response.Body, cancellationToken);
                return TypedResults.Empty;
            default:
                var fileName = ExportNames.DataFileName(request.Format, request.Container, request.Split);
                response.ContentType = request.Format == ExportFormat.ReviewCsv ? "text/csv; charset=utf-8" : request.Container switch
                {
                    ExportContainer.JsonlGz => "application/gzip",
                    ExportContainer.Parquet => "application/vnd.apache.parquet",
                    _ => "application/jsonl; charset=utf-8",
                };
                Attachment(response, fileName);
                var written = await exporter.WriteAsync(request, response.Body, Stream.Null, cancellationToken);
                await log.RecordAsync(written, context.User.Identity?.Name ?? "anonymous", source, CancellationToken.None);
                return TypedResults.Empty;
        }
    }

    private static void Attachment(HttpResponse response, string fileName) =>
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
}
