using System.Globalization;
using EventWorkbench.Review;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Review;

/// <summary>
/// The review queue's state lives in its address, so a filtered page can be bookmarked, shared, reloaded and
/// stepped back through. The parameters are those of <c>GET /api/proposals</c>, except that <c>from</c> and
/// <c>to</c> are whole days (UTC), both inclusive.
/// </summary>
public static class ReviewQueueAddress
{
    public const string Path = "review";

    private static readonly ProposalFilter Defaults = new();

    public static string For(ProposalFilter filter)
    {
        var query = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(new(name, value));
        }

        Add("outcome", filter.Outcome is { } outcome ? QueryText.Snake(outcome.ToString()) : null);
        Add("product", filter.Product);
        Add("model", filter.Model);
        Add("promptVersion", filter.PromptVersion);
        Add("category", filter.Category);
        Add("channel", filter.Channel);
        Add("reviewer", filter.Reviewer);
        Add("minSimilarity", filter.MinSimilarity?.ToString(CultureInfo.InvariantCulture));
        Add("maxSimilarity", filter.MaxSimilarity?.ToString(CultureInfo.InvariantCulture));
        Add("curated", filter.Curated is { } curated ? (curated ? "true" : "false") : null);
        Add("verdict", filter.Verdict is { } verdict ? QueryText.Snake(verdict.ToString()) : null);
        Add("from", filter.GeneratedFrom?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.GeneratedTo?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("text", filter.Text);
        if (filter.Sort != Defaults.Sort) Add("sort", QueryText.Snake(filter.Sort.ToString()));
        if (filter.Descending != Defaults.Descending) Add("descending", filter.Descending ? "true" : "false");
        if (filter.PageSize != Defaults.PageSize) Add("pageSize", filter.PageSize.ToString(CultureInfo.InvariantCulture));
        if (filter.Page > 1) Add("page", filter.Page.ToString(CultureInfo.InvariantCulture));
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>The filter an address asks for; when part of it cannot be read, the whole queue and what was wrong.</summary>
    public static (ProposalFilter Filter, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var request = new ProposalListRequest(
            Outcome: query("outcome"),
            Product: query("product"),
            Model: query("model"),
            PromptVersion: query("promptVersion"),
            Category: query("category"),
            MinSimilarity: query("minSimilarity"),
            MaxSimilarity: query("maxSimilarity"),
            Curated: query("curated"),
            Verdict: query("verdict"),
            From: query("from"),
            To: query("to"),
            Text: query("text"),
            Page: query("page"),
            PageSize: query("pageSize"),
            Sort: query("sort"),
            Descending: query("descending"),
            Channel: query("channel"),
            Reviewer: query("reviewer"));
        var (filter, errors) = request.ToFilter(wholeDays: true);
        return filter is null ? (Defaults, errors.Messages) : (filter, []);
    }

    /// <summary>The last tick of a day (UTC); for 9999-12-31 the last tick there is, so any day a picker offers works.</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset day) => day.AddTicks(TimeSpan.TicksPerDay - 1);
}
