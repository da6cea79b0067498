using EventWorkbench.Erasure;
using EventWorkbench.Storage;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventWorkbench.Export;

/// <summary>A stream with events of an erased data subject: its events up to <see cref="ErasedThrough"/> are erased.</summary>
public sealed record ErasedStream(string StreamId, string SubjectId, long ErasedThrough);

/// <summary>
/// The streams erasures reached. New exports leave them out whole (a training row with its personal text erased is no
/// example), and <see cref="SubjectsHeldByAsync"/> tells which erased subjects an earlier export held.
/// </summary>
public sealed class ErasedStreams
{
    private readonly IReadOnlyDictionary<string, ErasedStream> _streams;

    private ErasedStreams(IReadOnlyDictionary<string, ErasedStream> streams) => _streams = streams;

    public static readonly ErasedStreams None = new(new Dictionary<string, ErasedStream>());

    public int Count => _streams.Count;

    public bool Contains(string streamId) => _streams.ContainsKey(streamId);

    public static async Task<ErasedStreams> LoadAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        var jobs = store.Options.FindOrResolveDocumentType(typeof(SubjectErasureJob)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT e.stream_id, j.id, max((j.data ->> 'erasedThrough')::bigint)
            FROM {EventStoreConfiguration.Schema}.mt_events e JOIN {jobs} j ON e.headers ->> '{EventSubjects.Header}' = j.id
            WHERE e.seq_id <= (j.data ->> 'erasedThrough')::bigint
            GROUP BY e.stream_id, j.id
            """, connection);
        var streams = new Dictionary<string, ErasedStream>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            streams[reader.GetString(0)] = new ErasedStream(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
        return new ErasedStreams(streams);
    }

    /// <summary>
    /// The erased subjects whose events the export pinned at <paramref name="asOf"/> and whose rows its filters select,
    /// judged on what is left of them: the text filter and curation are not applied (they read what is erased, or may
    /// have changed), so an export is named when it may have held the subject, never missed when it did.
    /// </summary>
    public async Task<IReadOnlyList<string>> SubjectsHeldByAsync(
        IDocumentStore store, ExportRequest request, long asOf, CancellationToken cancellationToken = default)
    {
        var candidates = _streams.Values.Where(stream => stream.ErasedThrough > 0).ToList();
        if (candidates.Count == 0) return [];
        var filter = request.Filter with { Proposals = request.Filter.Proposals with { Text = null } };
        var held = new SortedSet<string>(StringComparer.Ordinal);
        var reviews = new PinnedReviews();
        await foreach (var (streamId, events) in PinnedEvents.ByStreamAsync(
            store, asOf, Review.ProposalEventGrouper.RelevantTypes, [.. candidates.Select(c => c.StreamId)], cancellationToken))
        {
            var erased = _streams[streamId];
            if (held.Contains(erased.SubjectId) || !events.Any(e => e.Sequence <= erased.ErasedThrough)) continue;
            if (request.Format == ExportFormat.Events || reviews.Fold(streamId, events).Any(filter.Matches)) held.Add(erased.SubjectId);
        }
        return [.. held];
    }
}
