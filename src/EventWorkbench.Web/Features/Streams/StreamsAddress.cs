using System.Globalization;
using EventWorkbench.Streams;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>
/// The streams list keeps its state in its address (<c>streams?product=…&amp;text=…&amp;sort=event_count&amp;page=2</c>),
/// so a view can be bookmarked, shared, reloaded and stepped back through; <c>q</c> is read as <c>text</c>.
/// </summary>
public static class StreamsAddress
{
    public const string Path = "streams";

    private static readonly StreamFilter Defaults = new();

    public static string For(StreamFilter filter)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrWhiteSpace(filter.Product)) query.Add(new("product", filter.Product));
        if (!string.IsNullOrWhiteSpace(filter.Text)) query.Add(new("text", filter.Text));
        if (filter.Sort != Defaults.Sort) query.Add(new("sort", QueryText.Snake(filter.Sort.ToString())));
        if (filter.Descending != Defaults.Descending) query.Add(new("descending", filter.Descending ? "true" : "false"));
        if (filter.PageSize != Defaults.PageSize) query.Add(new("pageSize", filter.PageSize.ToString(CultureInfo.InvariantCulture)));
        if (filter.Page > 1) query.Add(new("page", filter.Page.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>The filter an address asks for; when part of it cannot be read, the whole list and what was wrong.</summary>
    public static (StreamFilter Filter, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var request = new StreamListRequest(query("product"), query("text") ?? query("q"), query("page"), query("pageSize"), query("sort"), query("descending"));
        var (filter, errors) = request.ToFilter();
        return filter is null ? (Defaults, errors.Messages) : (filter, []);
    }
}
