using System.Collections.Concurrent;
using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Export;

/// <summary>What the export page shows before a download: the first rows as text, the counts and the sequence it is pinned to.</summary>
public sealed record ExportPreview(long AsOf, IReadOnlyList<PreviewLine> Lines, SplitCounts Rows, DroppedRows Dropped, long Written);

/// <summary>
/// Runs an export as the download will (same exporter, same request, pinned to the same sequence) in one pass that
/// decides and counts every row but writes only the first lines, uncompressed so they can be read. An export pinned
/// to a sequence never changes, so the last <see cref="Remembered"/> previews are kept by request and <c>asOf</c>:
/// going back to a filter, or reloading, costs nothing. <see cref="Forget"/> (an erasure) starts a new generation: a
/// preview whose read began before it may hold the erased data, so it is answered but not kept.
/// </summary>
public sealed class ExportPreviews(DatasetExporter exporter)
{
    public const int Lines = 5;

    /// <summary>Each line is cut here: the preview stays small for the page and its live connection however long the texts.</summary>
    public const int MaxBytesPerLine = 1500;

    /// <summary>How many previews are kept (each holds a few kilobytes).</summary>
    public const int Remembered = 32;

    private readonly ConcurrentDictionary<string, ExportPreview> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _keptOrder = new();
    private readonly Lock _keeping = new();
    private long _generation; // under _keeping

    public async Task<ExportPreview> PreviewAsync(ExportRequest request, CancellationToken cancellationToken = default)
    {
        long generation;
        lock (_keeping) generation = _generation;
        var asOf = await exporter.ResolveAsOfAsync(request.AsOf, cancellationToken);
        var key = ExportJobs.KeyFor(request, asOf);
        if (_kept.TryGetValue(key, out var kept)) return kept;

        await using var firstLines = new FirstLinesStream(Lines, MaxBytesPerLine);
        var counts = await exporter.CountAsync(request with { AsOf = asOf }, firstLines, Lines, cancellationToken);
        var preview = new ExportPreview(asOf, firstLines.Lines, counts.Rows, counts.Dropped, counts.Written);
        lock (_keeping)
        {
            if (generation != _generation) return preview;
            if (_kept.TryAdd(key, preview)) _keptOrder.Enqueue(key);
            while (_keptOrder.Count > Remembered && _keptOrder.TryDequeue(out var oldest)) _kept.TryRemove(oldest, out _);
        }
        return preview;
    }

    /// <summary>Drops every kept preview: a data subject was erased, and a preview may show its data.</summary>
    public void Forget()
    {
        lock (_keeping)
        {
            _generation++;
            _kept.Clear();
            while (_keptOrder.TryDequeue(out _))
            {
            }
        }
    }
}
