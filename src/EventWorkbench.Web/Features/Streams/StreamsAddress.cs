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

        var errors = new List<string>();
        var filter = Defaults with { Product = query("product"), Text = query("text") ?? query("q") };
        if (QueryText.Enum<StreamSort>("sort", query("sort"), errors) is { } sort) filter = filter with { Sort = sort };
        if (QueryText.Flag("descending", query("descending"), errors) is { } descending) filter = filter with { Descending = descending };
        if (query("pageSize") is { } pageSize)
        {
            if (int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= StreamFilter.MaxPageSize)
                filter = filter with { PageSize = size };
            else errors.Add($"pageSize must be a number between 1 and {StreamFilter.MaxPageSize}");
        }
        if (query("page") is { } page)
        {
            if (int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1) filter = filter with { Page = number };
            else errors.Add("page must be a number, 1 or more");
        }
        return errors.Count == 0 ? (filter, errors) : (Defaults, errors);
    }
}
