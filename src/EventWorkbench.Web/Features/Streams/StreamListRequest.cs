using EventWorkbench.Streams;
using EventWorkbench.Web.Api;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>
/// The query string of <c>GET /api/streams</c> and of the streams list's address, as sent. Every value is read here
/// (the sort leniently: <c>event_count</c>, <c>EventCount</c>), so anything unreadable is a 400 that names the
/// parameter, its value and what it takes, never a bare binding failure.
/// </summary>
public sealed record StreamListRequest(string? Product, string? Text, string? Page, string? PageSize, string? Sort, string? Descending)
{
    /// <summary>The parameters as the API document describes them.</summary>
    public static QueryParameter[] Parameters { get; } =
    [
        QueryParameter.Text("product"), QueryParameter.Text("text"), QueryParameter.WholeNumber("page"), QueryParameter.WholeNumber("pageSize"),
        QueryParameter.OneOf<StreamSort>("sort"), QueryParameter.Flag("descending"),
    ];

    /// <summary>The filter, or what is wrong.</summary>
    public (StreamFilter? Filter, QueryErrors Errors) ToFilter()
    {
        var errors = new QueryErrors();
        var page = QueryText.Number<int>("page", Page, errors);
        var pageSize = QueryText.Number<int>("pageSize", PageSize, errors);
        var sort = QueryText.Enum<StreamSort>("sort", Sort, errors);
        var descending = QueryText.Flag("descending", Descending, errors);
        if (page is < 1) errors.Add("page", "page must be 1 or more");
        if (pageSize is < 1 or > StreamFilter.MaxPageSize) errors.Add("pageSize", $"pageSize must be between 1 and {StreamFilter.MaxPageSize}");
        if (errors.Count > 0) return (null, errors);

        var defaults = new StreamFilter();
        return (new StreamFilter(
            string.IsNullOrWhiteSpace(Product) ? null : Product.Trim(),
            string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
            page ?? defaults.Page,
            pageSize ?? defaults.PageSize,
            sort ?? defaults.Sort,
            descending ?? defaults.Descending), errors);
    }
}
