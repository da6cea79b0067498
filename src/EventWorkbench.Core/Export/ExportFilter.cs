using System.Globalization;
using System.Text.Json;
using EventWorkbench.Review;

namespace EventWorkbench.Export;

/// <summary>
/// The review queue's filter (<see cref="ProposalFilter"/>, its paging and sort unused), plus what only exports
/// filter on: curation tags (the latest label holds every one), curation quality and a reviewer (the person who
/// decided or edited). Evaluated in memory on reviews rebuilt as of the export's sequence, with the queue's meaning:
/// a criterion on a missing value (no similarity, no label) does not match.
/// </summary>
public sealed record ExportFilter
{
    public ProposalFilter Proposals { get; init; } = new();
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int? MinQuality { get; init; }
    public int? MaxQuality { get; init; }
    public string? Reviewer { get; init; }

    /// <summary>Whether the review matches; its delta metrics are computed only when a metric criterion is set and the rest match.</summary>
    public bool Matches(PinnedReview pinned) =>
        MatchesWithoutMetrics(pinned.Review) && (!FiltersOnMetrics || MatchesMetrics(pinned.WithMetrics()));

    /// <summary>Whether a review whose metrics are already there matches.</summary>
    public bool Matches(ProposalReview review) => MatchesWithoutMetrics(review) && MatchesMetrics(review);

    /// <summary>Whether a criterion reads the delta metrics (edit category, similarity range).</summary>
    public bool FiltersOnMetrics =>
        Present(Proposals.Category) is not null || Proposals.MinSimilarity is not null || Proposals.MaxSimilarity is not null;

    private bool MatchesMetrics(ProposalReview review)
    {
        var f = Proposals;
        if (Present(f.Category) is { } category && review.EditCategory != category) return false;
        if (f.MinSimilarity is { } min && !(review.Similarity >= min)) return false;
        if (f.MaxSimilarity is { } max && !(review.Similarity <= max)) return false;
        return true;
    }

    private bool MatchesWithoutMetrics(ProposalReview review)
    {
        var f = Proposals;
        if (f.Outcome is { } outcome && review.Outcome != outcome) return false;
        if (Present(f.Product) is { } product && review.Product != product) return false;
        if (Present(f.Model) is { } model && review.Model != model) return false;
        if (Present(f.PromptVersion) is { } promptVersion && review.PromptVersion != promptVersion) return false;
        if (f.Curated is { } curated && curated != (review.CurationHistory.Count > 0)) return false;
        if (f.Verdict is { } verdict && review.Curation?.Verdict != verdict) return false;
        if (f.GeneratedFrom is { } from && review.GeneratedAt < from) return false;
        if (f.GeneratedTo is { } to && review.GeneratedAt > to) return false;
        if (Present(f.Text) is { } text && !ContainsText(review, text)) return false;
        if (Tags.Count > 0 && (review.Curation is not { } label || !Tags.All(tag => label.Tags.Contains(tag, StringComparer.Ordinal)))) return false;
        if (MinQuality is { } minQuality && !(review.Curation?.Quality >= minQuality)) return false;
        if (MaxQuality is { } maxQuality && !(review.Curation?.Quality <= maxQuality)) return false;
        if (Present(Reviewer) is { } reviewer && review.DecidedBy != reviewer && !review.Editors.Contains(reviewer)) return false;
        return true;
    }

    /// <summary>Whether any criterion is set (the <c>events</c> format takes none).</summary>
    public bool IsEmpty =>
        Proposals.Predicates().Count == 0 && Tags.Count == 0 && MinQuality is null && MaxQuality is null && Present(Reviewer) is null;

    /// <summary>The criteria set, by the query parameter names of <c>GET /api/exports</c>, in name order.</summary>
    public IReadOnlyDictionary<string, string> Describe()
    {
        var f = Proposals;
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, object? value)
        {
            var text = value switch
            {
                null => null,
                string s => Present(s),
                DateTimeOffset at => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                Enum e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
                bool b => b ? "true" : "false",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (text is not null) described[name] = text;
        }
        Add("outcome", f.Outcome);
        Add("product", f.Product);
        Add("model", f.Model);
        Add("promptVersion", f.PromptVersion);
        Add("category", f.Category);
        Add("minSimilarity", f.MinSimilarity);
        Add("maxSimilarity", f.MaxSimilarity);
        Add("curated", f.Curated);
        Add("verdict", f.Verdict);
        Add("from", f.GeneratedFrom);
        Add("to", f.GeneratedTo);
        Add("text", f.Text);
        Add("tags", Tags.Count == 0 ? null : string.Join(",", Tags));
        Add("minQuality", MinQuality);
        Add("maxQuality", MaxQuality);
        Add("reviewer", Reviewer);
        return described;
    }

    private static bool ContainsText(ProposalReview review, string text) =>
        review.AiContent.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (review.FinalContent?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || review.ProposalId.Contains(text, StringComparison.OrdinalIgnoreCase)
        || review.StreamId.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
