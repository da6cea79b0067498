using System.Globalization;
using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Export;

/// <summary>An export as the page's address asks for it: the format's name and the request.</summary>
public sealed record ExportChoice(ExportRequest Request)
{
    public static ExportChoice Default { get; } = new(new ExportRequest());

    public string FormatName => ExportNames.Of(Request.Format);
}

/// <summary>
/// The export page keeps every choice in its address, in the query syntax of <c>GET /api/exports/{format}</c> plus
/// <c>format</c>, so a bookmark or a reload shows the same export, and the download links carry the same query to
/// <c>/export/download/{format}</c>, which reads it with the API's own <see cref="ExportQuery"/>.
/// </summary>
public static class ExportAddress
{
    public const string Path = "export";
    public const string DownloadPath = "export/download";

    public static string For(ExportRequest request) =>
        QueryHelpers.AddQueryString(Path, [new("format", ExportNames.Of(request.Format)), .. Parameters(request)]);

    /// <summary>The download of the data file (no <paramref name="part"/>), its manifest or its lineage, pinned to <paramref name="asOf"/>.</summary>
    public static string Download(ExportRequest request, long asOf, ExportPart part = ExportPart.Data)
    {
        List<KeyValuePair<string, string?>> query = [.. Parameters(request with { AsOf = asOf })];
        if (part != ExportPart.Data) query.Add(new("part", QueryText.Snake(part.ToString())));
        return QueryHelpers.AddQueryString($"{DownloadPath}/{ExportNames.Of(request.Format)}", query);
    }

    /// <summary>The export an address asks for; when part of it cannot be read, the default export and what was wrong.</summary>
    public static (ExportChoice Choice, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var format = query("format") ?? ExportNames.Of(ExportFormat.TrlSft);
        var (request, _, errors) = new ExportQuery(
            query("container"), query("asOf"), query("split"), query("seed"), query("ratios"), query("dedup"), query("includeOnly"), null,
            query("outcome"), query("product"), query("model"), query("promptVersion"), query("category"), query("minSimilarity"),
            query("maxSimilarity"), query("curated"), query("verdict"), query("from"), query("to"), query("text"), query("tags"),
            query("minQuality"), query("maxQuality"), query("reviewer")).ToRequest(format);
        return request is null ? (ExportChoice.Default, errors.Messages) : (new ExportChoice(request), []);
    }

    /// <summary>What a request needs besides its format, leaving out what is the default.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Parameters(ExportRequest request)
    {
        var defaults = new ExportRequest();
        if (request.Container != defaults.Container && request.Format != ExportFormat.ReviewCsv)
            yield return new("container", ExportNames.Of(request.Container));
        if (request.AsOf is { } asOf) yield return new("asOf", asOf.ToString(CultureInfo.InvariantCulture));
        if (request.Split is { } split) yield return new("split", ExportNames.Of(split));
        if (request.Seed != defaults.Seed) yield return new("seed", request.Seed.ToString(CultureInfo.InvariantCulture));
        if (request.Ratios != defaults.Ratios) yield return new("ratios", request.Ratios.ToString());
        if (request.Dedup != defaults.Dedup) yield return new("dedup", request.Dedup ? "true" : "false");
        if (request.IncludeOnly) yield return new("includeOnly", "true");
        foreach (var (name, value) in request.Filter.Describe()) yield return new(name, value);
    }
}
