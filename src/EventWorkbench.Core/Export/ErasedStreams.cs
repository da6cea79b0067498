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
    // Per stream, each erased subject its events name (a stream may name more than one).
    private readonly IReadOnlyDictionary<string, List<ErasedStream>> _streams;

    private ErasedStreams(IReadOnlyDictionary<string, List<ErasedStream>> streams) => _streams = streams;

    public static readonly ErasedStreams None = new(new Dictionary<string, List<ErasedStream>>());

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
        var streams = new Dictionary<string, List<ErasedStream>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var erased = new ErasedStream(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            if (!streams.TryGetValue(erased.StreamId, out var subjects)) streams[erased.StreamId] = subjects = [];
            subjects.Add(erased);
        }
        return new ErasedStreams(streams);
    }

    /// <summary>
    /// The erased subjects whose events the export pinned at <paramref name="asOf"/> and whose rows its filters select,
    /// judged on what is left of them: the text, category and similarity filters and curation are not applied (they read
    /// what is erased, or may have changed), so an export is named when it may have held the subject, never missed when
    /// it did. An <c>events</c> export held every event of the subject's streams up to its <c>asOf</c>, whatever its type.
    /// </summary>
    public async Task<IReadOnlyList<string>> SubjectsHeldByAsync(
        IDocumentStore store, ExportRequest request, long asOf, CancellationToken cancellationToken = default)
    {
        var candidates = _streams.Where(stream => stream.Value.Any(erased => erased.ErasedThrough > 0)).Select(stream => stream.Key).ToArray();
        if (candidates.Length == 0) return [];
        if (request.Format == ExportFormat.Events) return await SubjectsWithEventsAsync(store, candidates, asOf, cancellationToken);
        var filter = request.Filter with
        {
            Proposals = request.Filter.Proposals with { Text = null, Category = null, MinSimilarity = null, MaxSimilarity = null },
        };
        var held = new SortedSet<string>(StringComparer.Ordinal);
        var reviews = new PinnedReviews();
        await foreach (var (streamId, events) in PinnedEvents.ByStreamAsync(
            store, asOf, Review.ProposalEventGrouper.RelevantTypes, candidates, cancellationToken))
        {
            var erased = _streams[streamId].Where(e => !held.Contains(e.SubjectId) && events.Any(ev => ev.Sequence <= e.ErasedThrough)).ToList();
            if (erased.Count > 0 && reviews.Fold(streamId, events).Any(filter.Matches)) held.UnionWith(erased.Select(e => e.SubjectId));
        }
        return [.. held];
    }

    /// <summary>The erased subjects with an event at or below <paramref name="asOf"/> that their erasure reached.</summary>
    private async Task<IReadOnlyList<string>> SubjectsWithEventsAsync(IDocumentStore store, string[] streams, long asOf, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT stream_id, headers ->> '{EventSubjects.Header}', min(seq_id) FROM {EventStoreConfiguration.Schema}.mt_events
            WHERE stream_id = ANY($1) AND seq_id <= $2 AND is_archived = false AND headers ->> '{EventSubjects.Header}' IS NOT NULL
            GROUP BY 1, 2
            """, connection);
        command.Parameters.AddWithValue(streams);
        command.Parameters.AddWithValue(asOf);
        var held = new SortedSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (streamId, subject, first) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            if (_streams[streamId].Any(erased => erased.SubjectId == subject && first <= erased.ErasedThrough)) held.Add(subject);
        }
        return [.. held];
    }
}
