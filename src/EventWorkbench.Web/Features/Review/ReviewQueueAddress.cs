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

        var errors = new List<string>();
        var request = new ProposalListRequest(
            Outcome: query("outcome"),
            Product: query("product"),
            Model: query("model"),
            PromptVersion: query("promptVersion"),
            Category: query("category"),
            MinSimilarity: QueryText.Number<double>("minSimilarity", query("minSimilarity"), errors),
            MaxSimilarity: QueryText.Number<double>("maxSimilarity", query("maxSimilarity"), errors),
            Curated: QueryText.Flag("curated", query("curated"), errors),
            Verdict: query("verdict"),
            From: Day("from", query("from"), errors),
            To: Day("to", query("to"), errors) is { } to ? EndOfDay(to) : null,
            Text: query("text"),
            Page: QueryText.Number<int>("page", query("page"), errors),
            PageSize: QueryText.Number<int>("pageSize", query("pageSize"), errors),
            Sort: query("sort"),
            Descending: QueryText.Flag("descending", query("descending"), errors));
        if (errors.Count > 0) return (Defaults, errors);
        var (filter, invalid) = request.ToFilter();
        return filter is null ? (Defaults, invalid) : (filter, []);
    }

    /// <summary>The last tick of a day (UTC); for 9999-12-31 the last tick there is, so any day a picker offers works.</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset day) => day.AddTicks(TimeSpan.TicksPerDay - 1);

    private static DateTimeOffset? Day(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        errors.Add($"{name} must be a day written yyyy-mm-dd");
        return null;
    }
}
