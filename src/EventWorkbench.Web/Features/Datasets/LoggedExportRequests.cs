using System.Globalization;
using EventWorkbench.Export;
using EventWorkbench.Web.Features.Export;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>
/// The request a recorded export was made from, read back from its manifest with the export API's own
/// <see cref="ExportQuery"/> (its filters are kept by the API's parameter names), pinned to its <c>asOf</c>:
/// running it again writes the same bytes.
/// </summary>
public static class LoggedExportRequests
{
    /// <summary>The request, or why it cannot be made again (no manifest, or one this version cannot read).</summary>
    public static (ExportRequest? Request, string? Problem) Of(LoggedExport logged)
    {
        if (logged.Manifest is not { } manifest)
            return (null, $"export {logged.Id} was recorded without a manifest, so it cannot be made again");
        string? Filter(string name) => manifest.Filters.TryGetValue(name, out var value) ? value : null;
        var query = new ExportQuery(
            manifest.Container == "csv" ? null : manifest.Container, manifest.AsOf.ToString(CultureInfo.InvariantCulture), manifest.Split,
            manifest.Seed.ToString(CultureInfo.InvariantCulture), manifest.Ratios.ToString(), manifest.Dedup ? "true" : "false",
            manifest.IncludeOnly ? "true" : "false", null, Filter("outcome"), Filter("product"), Filter("model"), Filter("promptVersion"),
            Filter("category"), Filter("minSimilarity"), Filter("maxSimilarity"), Filter("curated"), Filter("verdict"), Filter("from"),
            Filter("to"), Filter("text"), Filter("tags"), Filter("minQuality"), Filter("maxQuality"), Filter("reviewer"));
        var (request, _, errors) = query.ToRequest(manifest.Format);
        return request is null
            ? (null, $"export {logged.Id} cannot be made again: {string.Join("; ", errors.Messages)}")
            : (request, null);
    }

    /// <summary>The page's download of exactly that export again (the export page's download, pinned to its asOf).</summary>
    public static string? RecreateAddress(LoggedExport logged) =>
        Of(logged).Request is { } request ? ExportAddress.Download(request, request.AsOf!.Value) : null;
}
