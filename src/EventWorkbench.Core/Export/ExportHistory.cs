using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;

namespace EventWorkbench.Export;

/// <summary>One recorded export: where it sits in the log, when, through what (<c>api</c> or <c>ui</c>) and what it was.</summary>
public sealed record LoggedExport(long Sequence, DateTimeOffset At, string? Source, DatasetExported Exported)
{
    public string Id => Exported.ExportId;

    /// <summary>The manifest it was recorded with; null for an export recorded before manifests were kept.</summary>
    public ExportManifest? Manifest => Exported.Manifest is { } manifest ? manifest.Deserialize<ExportManifest>(ExportLog.ManifestJson) : null;

    public static LoggedExport Of(IEvent e) => new(
        e.Sequence, e.Timestamp, e.Headers is { } headers && headers.TryGetValue(EventAppender.SourceHeader, out var source) ? source?.ToString() : null,
        (DatasetExported)e.Data);
}

/// <summary>A page of the export log, newest first, and how many exports it holds in all.</summary>
public sealed record LoggedExportPage(IReadOnlyList<LoggedExport> Exports, long Total, int Page, int PageSize);

/// <summary>
/// Reads the export log (<c>dataset_exported</c> on <see cref="WorkbenchStreams.Exports"/>): newest first, a page at a
/// time, and single exports by id (streamed newest first, so a lookup never holds the whole log).
/// </summary>
public sealed class ExportHistory(IDocumentStore store)
{
    public const int MaxPageSize = 200;

    public async Task<LoggedExportPage> ListAsync(int page = 1, int pageSize = 25, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        await using var session = store.QuerySession();
        var total = (await session.Events.FetchStreamStateAsync(WorkbenchStreams.Exports, cancellationToken))?.Version ?? 0;
        // A page beyond 2^31 rows holds nothing; (page - 1) * pageSize would overflow into a negative offset.
        if (Paging.Offset(page, pageSize) is not { } offset) return new LoggedExportPage([], total, page, pageSize);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == WorkbenchStreams.Exports)
            .OrderByDescending(e => e.Version)
            .Skip(offset).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new LoggedExportPage(events.Where(e => e.Data is DatasetExported).Select(LoggedExport.Of).ToList(), total, page, pageSize);
    }

    /// <summary>The recorded exports with these ids (each found once, newest first); ids not in the log are left out.</summary>
    public async Task<IReadOnlyDictionary<string, LoggedExport>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, LoggedExport>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        await using var session = store.QuerySession();
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey == WorkbenchStreams.Exports).OrderByDescending(e => e.Version);
        await foreach (var e in query.ToAsyncEnumerable(cancellationToken))
        {
            if (e.Data is DatasetExported exported && ids.Contains(exported.ExportId) && !found.ContainsKey(exported.ExportId))
                found[exported.ExportId] = LoggedExport.Of(e);
            if (found.Count == ids.Count) break;
        }
        return found;
    }
}
