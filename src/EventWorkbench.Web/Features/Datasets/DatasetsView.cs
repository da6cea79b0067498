using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>What the datasets page shows for one address: a page of the log, the erased subjects each export held, and,
/// when asked, the comparison or why it could not be made.</summary>
public sealed record DatasetsView(
    LoggedExportPage Log, IReadOnlyDictionary<string, IReadOnlyList<string>> ErasedSubjects, DatasetComparison? Comparison,
    IReadOnlyList<string> ComparisonProblems);

/// <summary>Loads the datasets page: the log's page and, when the address names two exports, their comparison.</summary>
public sealed class DatasetsViews(ExportHistory history, DatasetComparisons comparisons, ErasedExportFlags erasedFlags)
{
    public async Task<DatasetsView> LoadAsync(DatasetsChoice choice, CancellationToken cancellationToken)
    {
        var log = await history.ListAsync(choice.Page, choice.PageSize, cancellationToken);
        var erased = await erasedFlags.ForAsync(log.Exports, cancellationToken);
        if (!choice.Compares) return new DatasetsView(log, erased, null, []);
        var (comparison, errors) = await comparisons.CompareAsync(choice.A, choice.B, cancellationToken);
        return new DatasetsView(log, erased, comparison, errors.Messages);
    }
}
