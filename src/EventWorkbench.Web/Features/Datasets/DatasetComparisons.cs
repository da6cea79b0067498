using EventWorkbench.Export;
using EventWorkbench.Web.Api;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>Two recorded exports compared, with what they were; or the errors, each naming <c>a</c> or <c>b</c>.</summary>
public sealed record DatasetComparison(LoggedExport Before, LoggedExport After, ExportComparison Comparison);

/// <summary>
/// Compares two recorded exports by id (the API's <c>a</c> and <c>b</c>, the page's <c>compare=a,b</c>): each must be
/// in the log with a manifest, and both of one format; every problem is named by its parameter and nothing is run.
/// </summary>
public sealed class DatasetComparisons(ExportHistory history, ExportComparer comparer)
{
    public async Task<(DatasetComparison? Comparison, QueryErrors Errors)> CompareAsync(string? a, string? b, CancellationToken cancellationToken = default)
    {
        var errors = new QueryErrors();
        var ids = new[] { ("a", a?.Trim()), ("b", b?.Trim()) };
        foreach (var (name, id) in ids)
            if (string.IsNullOrEmpty(id)) errors.Add(name, $"{name} is required: the id of a recorded export");
        if (errors.Count > 0) return (null, errors);

        var found = await history.FindAsync(ids.Select(pair => pair.Item2!).Distinct().ToList(), cancellationToken);
        var requests = new List<(LoggedExport Logged, ExportRequest Request)>();
        foreach (var (name, id) in ids)
        {
            if (!found.TryGetValue(id!, out var logged))
            {
                errors.Add(name, $"{name}: no recorded export has the id '{id}'");
                continue;
            }
            var (request, problem) = LoggedExportRequests.Of(logged);
            if (request is null) errors.Add(name, $"{name}: {problem}");
            else requests.Add((logged, request));
        }
        if (errors.Count > 0) return (null, errors);

        var (before, after) = (requests[0], requests[1]);
        try
        {
            var comparison = await comparer.CompareAsync(before.Request, after.Request, ExportComparer.DefaultMaxListed, cancellationToken);
            return (new DatasetComparison(before.Logged, after.Logged, comparison), errors);
        }
        catch (ExportsNotComparableException refused)
        {
            errors.Add("b", refused.Message);
            return (null, errors);
        }
    }
}
