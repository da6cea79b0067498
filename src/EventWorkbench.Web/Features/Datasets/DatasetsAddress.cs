using System.Globalization;
using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>What the datasets page's address asks for: a page of the export log and, maybe, two exports to compare.</summary>
public sealed record DatasetsChoice(int Page, int PageSize, string? A, string? B)
{
    public static DatasetsChoice Default { get; } = new(1, 25, null, null);

    public bool Compares => A is not null && B is not null;
}

/// <summary>
/// The datasets page keeps its page of the log and the comparison in its address
/// (<c>/datasets?compare=&lt;a&gt;,&lt;b&gt;&amp;page=2</c>), so a comparison can be bookmarked and shared.
/// </summary>
public static class DatasetsAddress
{
    public const string Path = "datasets";

    public static string For(DatasetsChoice choice)
    {
        List<KeyValuePair<string, string?>> query = [];
        if (choice.Compares) query.Add(new("compare", $"{choice.A},{choice.B}"));
        if (choice.Page != 1) query.Add(new("page", choice.Page.ToString(CultureInfo.InvariantCulture)));
        if (choice.PageSize != DatasetsChoice.Default.PageSize) query.Add(new("pageSize", choice.PageSize.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }

    public static (DatasetsChoice Choice, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var errors = new QueryErrors();
        var page = QueryText.Number<int>("page", query("page"), errors) ?? 1;
        var pageSize = QueryText.Number<int>("pageSize", query("pageSize"), errors) ?? DatasetsChoice.Default.PageSize;
        if (page < 1) errors.Add("page", "page must be 1 or more");
        if (pageSize is < 1 or > ExportHistory.MaxPageSize) errors.Add("pageSize", $"pageSize must be between 1 and {ExportHistory.MaxPageSize}");
        string? a = null, b = null;
        if (query("compare") is { } compare)
        {
            var ids = compare.Split(',', StringSplitOptions.TrimEntries);
            if (ids.Length != 2 || ids.Any(string.IsNullOrEmpty)) errors.Add("compare", "compare takes two export ids separated by a comma");
            else (a, b) = (ids[0], ids[1]);
        }
        return errors.Count > 0 ? (DatasetsChoice.Default with { A = a, B = b }, errors.Messages) : (new DatasetsChoice(page, pageSize, a, b), []);
    }
}
