using System.Globalization;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;
using Npgsql;
using EventWorkbench.Storage;

namespace EventWorkbench.History;

/// <summary>
/// The read side of time travel: a stream's extent, the version at a time, its corrections, and its state at any
/// version, folded live from the events (nothing is stored; the events of the streams read last are kept in memory,
/// see <see cref="StreamPrefixCache"/>). The workbench's own logs and Marten's streams have none.
/// </summary>
/// <param name="store">The event store.</param>
/// <param name="keptJsonBytes">Most JSON the kept streams' events may hold together (their objects take two to three
/// times as much); 0 keeps none, so every step reads its stream's past again.</param>
public sealed class StreamHistory(IDocumentStore store, long keptJsonBytes = StreamHistory.DefaultKeptJsonBytes)
{
    public const long DefaultKeptJsonBytes = 32L * 1024 * 1024;

    private static readonly string CorrectedTypeName = EventCatalogue.WireName(typeof(EventCorrected));
    private readonly StreamPrefixCache _kept = new(keptJsonBytes);

    /// <summary>Forgets what this process keeps of the streams' events: call it when their subject was erased.</summary>
    public void Forget(IEnumerable<string> streamIds) => _kept.Forget(streamIds);

    /// <summary>The stream's last version and the times of its first and last events; null for a stream that does not exist.</summary>
    public async Task<StreamExtent?> ExtentAsync(string streamId, CancellationToken cancellationToken = default)
    {
        if (!HasHistory(streamId)) return null;
        // One query on the (stream, version) index: the stream's last version and the times of its first and last events.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select s.version, e.version, e.timestamp from {EventStoreConfiguration.Schema}.mt_streams s " +
            $"join {EventStoreConfiguration.Schema}.mt_events e on e.stream_id = s.id and e.version in (1, s.version) where s.id = $1 order by e.version",
            connection);
        command.Parameters.AddWithValue(streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var times = new List<DateTimeOffset>(2);
        long last = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            times.Add(reader.GetFieldValue<DateTimeOffset>(2));
        }
        return last == 0 || times.Count == 0 ? null : new StreamExtent(last, times[0], times[^1]);
    }

    /// <summary>The version of the latest event appended at or before <paramref name="at"/>; 0 when the stream began later.</summary>
    public async Task<long> VersionAtAsync(string streamId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!HasHistory(streamId)) return 0;
        await using var session = store.QuerySession();
        var latest = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == streamId && e.Timestamp <= at)
            .OrderByDescending(e => e.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return latest?.Version ?? 0;
    }

    /// <summary>Every <c>event_corrected</c> of the stream and the version it corrects, in order.</summary>
    public async Task<IReadOnlyList<CorrectionLink>> CorrectionsAsync(string streamId, CancellationToken cancellationToken = default)
    {
        if (!HasHistory(streamId)) return [];
        // One query on the (stream, version) index reading two values a correction, not the events through Marten.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select version, data ->> 'correctsVersion' from {EventStoreConfiguration.Schema}.mt_events " +
            "where stream_id = $1 and type = $2 order by version",
            connection);
        command.Parameters.AddWithValue(streamId);
        command.Parameters.AddWithValue(CorrectedTypeName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var corrections = new List<CorrectionLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1) && long.TryParse(reader.GetString(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var corrects))
                corrections.Add(new CorrectionLink(reader.GetInt64(0), corrects));
        }
        return corrections;
    }

    /// <summary>The state once the event at <paramref name="version"/> was appended; null when the stream has no such event.</summary>
    public async Task<HistoryState?> StateAsync(string streamId, long version, CancellationToken cancellationToken = default)
    {
        var events = await EventsUpToAsync(streamId, version, cancellationToken);
        return events.Count == 0 || events[^1].Version != version ? null : HistoryFold.StateAt(streamId, events, version);
    }

    /// <summary>The event at <paramref name="version"/> with the states before and after it, from one read; null when there is no such event.</summary>
    public async Task<HistoryStep?> StepAsync(string streamId, long version, CancellationToken cancellationToken = default)
    {
        var events = await EventsUpToAsync(streamId, version, cancellationToken);
        if (events.Count == 0 || events[^1].Version != version) return null;
        var (before, after) = HistoryFold.StepAt(streamId, events, version);
        return new HistoryStep(StreamQueries.ToStored(events[^1]), before, after);
    }

    private async Task<IReadOnlyList<IEvent>> EventsUpToAsync(string streamId, long version, CancellationToken cancellationToken)
    {
        if (!HasHistory(streamId) || version < 1) return [];
        return await _kept.ReadAsync(store, streamId, version, cancellationToken);
    }

    private static bool HasHistory(string streamId) => !WorkbenchStreams.IsWorkbenchStream(streamId) && !Ids.IsMartenStream(streamId);
}
