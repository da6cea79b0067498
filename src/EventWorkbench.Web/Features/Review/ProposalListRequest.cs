using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Search;
using EventWorkbench.Streams;
using EventWorkbench.Web.Api;

namespace EventWorkbench.Web.Features.Review;

/// <summary>
/// The query string of <c>GET /api/proposals</c> and of the review queue's address, as sent. Every value is read here
/// (enums leniently: <c>accepted_unchanged</c>, <c>AcceptedUnchanged</c>), so anything unreadable is a 400 that names
/// the parameter, its value and what it takes, never a bare binding failure.
/// </summary>
public sealed record ProposalListRequest(
    string? Outcome,
    string? Product,
    string? Model,
    string? PromptVersion,
    string? Category,
    string? MinSimilarity,
    string? MaxSimilarity,
    string? Curated,
    string? Verdict,
    string? From,
    string? To,
    string? Text,
    string? Page,
    string? PageSize,
    string? Sort,
    string? Descending,
    string? Channel = null,
    string? Reviewer = null)
{
    /// <summary>The parameters as the API document describes them.</summary>
    public static QueryParameter[] Parameters { get; } =
    [
        QueryParameter.OneOf<ProposalOutcome>("outcome"), QueryParameter.Text("product"), QueryParameter.Text("model"),
        QueryParameter.Text("promptVersion"), QueryParameter.OneOf<EditCategory>("category"), QueryParameter.Number("minSimilarity"),
        QueryParameter.Number("maxSimilarity"), QueryParameter.Flag("curated"), QueryParameter.OneOf<CurationVerdict>("verdict"),
        QueryParameter.Instant("from"), QueryParameter.Instant("to"), QueryParameter.Text("text"), QueryParameter.WholeNumber("page"),
        QueryParameter.WholeNumber("pageSize"), QueryParameter.OneOf<ProposalSort>("sort"), QueryParameter.Flag("descending"),
        QueryParameter.Text("channel"), QueryParameter.Text("reviewer"),
    ];

    /// <summary>
    /// The filter, or what is wrong. The API takes <c>from</c> and <c>to</c> as instants; the queue's address
    /// (<paramref name="wholeDays"/>) as days written yyyy-mm-dd, both inclusive (UTC).
    /// </summary>
    public (ProposalFilter? Filter, QueryErrors Errors) ToFilter(bool wholeDays = false)
    {
        var errors = new QueryErrors();
        var outcome = QueryText.Enum<ProposalOutcome>("outcome", Outcome, errors);
        var category = QueryText.Enum<EditCategory>("category", Category, errors);
        var minSimilarity = QueryText.Number<double>("minSimilarity", MinSimilarity, errors);
        var maxSimilarity = QueryText.Number<double>("maxSimilarity", MaxSimilarity, errors);
        var curated = QueryText.Flag("curated", Curated, errors);
        var verdict = QueryText.Enum<CurationVerdict>("verdict", Verdict, errors);
        var from = wholeDays ? QueryText.Day("from", From, errors) : QueryText.Instant("from", From, errors);
        var to = wholeDays
            ? QueryText.Day("to", To, errors) is { } lastDay ? ReviewQueueAddress.EndOfDay(lastDay) : null
            : QueryText.Instant("to", To, errors);
        var page = QueryText.Number<int>("page", Page, errors);
        var pageSize = QueryText.Number<int>("pageSize", PageSize, errors);
        var sort = QueryText.Enum<ProposalSort>("sort", Sort, errors);
        var descending = QueryText.Flag("descending", Descending, errors);
        if (page is < 1) errors.Add("page", "page must be 1 or more");
        if (pageSize is < 1 or > ProposalFilter.MaxPageSize) errors.Add("pageSize", $"pageSize must be between 1 and {ProposalFilter.MaxPageSize}");
        if (!IsShare(minSimilarity)) errors.Add("minSimilarity", "minSimilarity must be between 0 and 1");
        if (!IsShare(maxSimilarity)) errors.Add("maxSimilarity", "maxSimilarity must be between 0 and 1");
        if (minSimilarity > maxSimilarity) errors.Add("minSimilarity", "minSimilarity must not be above maxSimilarity");
        if (from > to) errors.Add("from", "from must not be after to");
        // As event search's: a search text is a few words, and every character of it is a trigram lookup.
        if (Text is { Length: > EventSearchFilter.MaxTextLength }) errors.Add("text", $"text must be at most {EventSearchFilter.MaxTextLength} characters");
        if (errors.Count > 0) return (null, errors);

        return (new ProposalFilter
        {
            Outcome = outcome,
            Product = Product,
            Model = Model,
            PromptVersion = PromptVersion,
            Category = category is { } known ? ProposalDelta.CategoryName(known) : null,
            Channel = Channel,
            Reviewer = Reviewer,
            MinSimilarity = minSimilarity,
            MaxSimilarity = maxSimilarity,
            Curated = curated,
            Verdict = verdict,
            GeneratedFrom = from,
            GeneratedTo = to,
            Text = Text,
            Page = page ?? 1,
            PageSize = pageSize ?? 25,
            Sort = sort ?? ProposalSort.GeneratedAt,
            Descending = descending ?? true,
        }, errors);
    }

    private static bool IsShare(double? value) => value is not { } share || share is >= 0 and <= 1; // NaN is neither
}
