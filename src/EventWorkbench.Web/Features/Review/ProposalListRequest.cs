using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Api;

namespace EventWorkbench.Web.Features.Review;

/// <summary>The query string of <c>GET /api/proposals</c>. Outcome, verdict and sort are read leniently
/// (<c>accepted_unchanged</c>, <c>AcceptedUnchanged</c>); anything unreadable is a 400 that names it.</summary>
public sealed record ProposalListRequest(
    string? Outcome,
    string? Product,
    string? Model,
    string? PromptVersion,
    string? Category,
    double? MinSimilarity,
    double? MaxSimilarity,
    bool? Curated,
    string? Verdict,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Text,
    int? Page,
    int? PageSize,
    string? Sort,
    bool? Descending)
{
    /// <summary>The filter, or the reasons it cannot be built.</summary>
    public (ProposalFilter? Filter, IReadOnlyList<string> Errors) ToFilter()
    {
        var errors = new List<string>();
        var outcome = QueryText.Enum<ProposalOutcome>("outcome", Outcome, errors);
        var verdict = QueryText.Enum<CurationVerdict>("verdict", Verdict, errors);
        var sort = QueryText.Enum<ProposalSort>("sort", Sort, errors);
        if (Page is < 1) errors.Add("page must be 1 or more");
        if (PageSize is < 1 or > ProposalFilter.MaxPageSize) errors.Add($"pageSize must be between 1 and {ProposalFilter.MaxPageSize}");
        if (!IsShare(MinSimilarity) || !IsShare(MaxSimilarity)) errors.Add("minSimilarity and maxSimilarity must be between 0 and 1");
        if (MinSimilarity > MaxSimilarity) errors.Add("minSimilarity must not be above maxSimilarity");
        if (From > To) errors.Add("from must not be after to");
        if (errors.Count > 0) return (null, errors);

        return (new ProposalFilter
        {
            Outcome = outcome,
            Product = Product,
            Model = Model,
            PromptVersion = PromptVersion,
            Category = Category,
            MinSimilarity = MinSimilarity,
            MaxSimilarity = MaxSimilarity,
            Curated = Curated,
            Verdict = verdict,
            GeneratedFrom = From,
            GeneratedTo = To,
            Text = Text,
            Page = Page ?? 1,
            PageSize = PageSize ?? 25,
            Sort = sort ?? ProposalSort.GeneratedAt,
            Descending = Descending ?? true,
        }, errors);
    }

    private static bool IsShare(double? value) => value is not { } share || share is >= 0 and <= 1; // NaN is neither
}
