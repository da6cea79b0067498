using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Export;

/// <summary>What the export page shows before a download: the first rows as text, the counts and the sequence it is pinned to.</summary>
public sealed record ExportPreview(long AsOf, IReadOnlyList<PreviewLine> Lines, SplitCounts Rows, DroppedRows Dropped, long Written);

/// <summary>
/// Runs an export exactly as the download will (same exporter, same request, pinned to the same sequence) but keeps
/// only its first lines, uncompressed so they can be read, and its counts.
/// </summary>
public sealed class ExportPreviews(DatasetExporter exporter)
{
    public const int Lines = 5;

    /// <summary>Each line is cut here: the preview stays small for the page and its live connection however long the texts.</summary>
    public const int MaxBytesPerLine = 1500;

    public async Task<ExportPreview> PreviewAsync(ExportRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = await exporter.ResolveAsOfAsync(request.AsOf, cancellationToken);
        await using var firstLines = new FirstLinesStream(Lines, MaxBytesPerLine);
        var manifest = await exporter.WriteAsync(request with { AsOf = asOf, Container = ExportContainer.Jsonl }, firstLines, Stream.Null, cancellationToken);
        return new ExportPreview(asOf, firstLines.Lines, manifest.Rows, manifest.Dropped, manifest.Files[0].Rows);
    }
}
