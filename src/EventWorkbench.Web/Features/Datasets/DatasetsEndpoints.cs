using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Datasets;

public static class DatasetsEndpoints
{
    public static IServiceCollection AddDatasets(this IServiceCollection services) =>
        services.AddSingleton<ExportHistory>().AddSingleton<ExportComparer>().AddSingleton<DatasetComparisons>()
            .AddSingleton<ErasedExportFlags>().AddSingleton<DatasetsViews>();

    public static void MapDatasetsEndpoints(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/exports").RequireAuthorization(ApiScopes.Export).RequireRateLimiting(RateLimits.Reads).WithTags("Export")
            .WithRawRouteValues();
        exports.MapGet("", ListAsync).WithName("ListExports")
            .WithSummary("The recorded exports, newest first: who, when, each one's manifest (from which it can be made again), and the "
                + "data subjects erased since whose data it held (delete its copies and make it again: the new one leaves them out)")
            .ProducesProblem(400).DescribeQuery(QueryParameter.WholeNumber("page"), QueryParameter.WholeNumber("pageSize"));
        exports.MapGet("/compare", CompareAsync).WithName("CompareExports")
            .WithSummary("Two recorded exports of one format compared row by row: rows added, removed and changed, with the changed "
                + "fields and the events that explain each")
            .ProducesProblem(400).DescribeQuery(QueryParameter.Text("a"), QueryParameter.Text("b"));
    }

    private static async Task<Results<Ok<ExportLogPage>, ProblemHttpResult>> ListAsync(
        string? page, string? pageSize, ExportHistory history, ErasedExportFlags erasedFlags, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var pageNumber = QueryText.Number<int>("page", page, errors) ?? 1;
        var size = QueryText.Number<int>("pageSize", pageSize, errors) ?? 25;
        if (pageNumber < 1) errors.Add("page", "page must be 1 or more");
        if (size is < 1 or > ExportHistory.MaxPageSize) errors.Add("pageSize", $"pageSize must be between 1 and {ExportHistory.MaxPageSize}");
        if (errors.Count > 0) return Problems.InvalidQuery(errors);
        var logged = await history.ListAsync(pageNumber, size, cancellationToken);
        var erased = await erasedFlags.ForAsync(logged.Exports, cancellationToken);
        var items = logged.Exports.Select(export => ExportLogItem.Of(export, erased.GetValueOrDefault(export.Id) ?? [])).ToList();
        return TypedResults.Ok(new ExportLogPage(items, logged.Page, logged.PageSize, logged.Total));
    }

    private static async Task<Results<Ok<ExportComparison>, ProblemHttpResult>> CompareAsync(
        string? a, string? b, DatasetComparisons comparisons, CancellationToken cancellationToken)
    {
        var (compared, errors) = await comparisons.CompareAsync(a, b, cancellationToken);
        return compared is null ? Problems.InvalidQuery(errors) : TypedResults.Ok(compared.Comparison);
    }
}
