using EventWorkbench.Review;

namespace EventWorkbench.Export;

/// <summary>
/// What a dataset card says about where an export's rows came from, gathered as the rows are written: the proposals'
/// models, prompt versions, products, reviewers and edit categories with counts, and the range of generation times.
/// Each proposal counts once, however many rows it is in.
/// </summary>
public sealed class DatasetFacts
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Models { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> PromptVersions { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Products { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Reviewers { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> EditCategories { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset? GeneratedFrom { get; private set; }
    public DateTimeOffset? GeneratedTo { get; private set; }
    public long Proposals => _seen.Count;

    public void Add(IEnumerable<PinnedReview> sources)
    {
        foreach (var source in sources) Add(source.WithMetrics());
    }

    private void Add(ProposalReview review)
    {
        if (!_seen.Add(review.StreamId + "\n" + review.ProposalId)) return;
        Count(Models, string.IsNullOrEmpty(review.ModelVersion) ? review.Model : $"{review.Model} ({review.ModelVersion})");
        Count(PromptVersions, review.PromptVersion ?? "(none)");
        Count(Products, review.Product ?? "(none)");
        Count(EditCategories, review.EditCategory ?? "(none)");
        foreach (var reviewer in new[] { review.DecidedBy }.Concat(review.Editors).OfType<string>().Distinct(StringComparer.Ordinal))
            Count(Reviewers, reviewer);
        var at = review.GeneratedAt.ToUniversalTime();
        if (GeneratedFrom is null || at < GeneratedFrom) GeneratedFrom = at;
        if (GeneratedTo is null || at > GeneratedTo) GeneratedTo = at;
    }

    private static void Count(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
