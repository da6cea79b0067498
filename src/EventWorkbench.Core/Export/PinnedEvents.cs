using System.Runtime.CompilerServices;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventWorkbench.Export;

/// <summary>
/// The log as it stood at a global sequence: only events numbered at or below it are read, so whatever is appended
/// later (edits, curations, corrections) cannot change what an export pinned to it holds. The workbench's own streams
/// are left out. Events are streamed from PostgreSQL, one stream's worth in memory at a time.
/// </summary>
public static class PinnedEvents
{
    /// <summary>The highest sequence number in the log; 0 when it is empty.</summary>
    public static async Task<long> HighWaterMarkAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {EventStoreConfiguration.Schema}.mt_events", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every event up to <paramref name="asOf"/>, in sequence order.</summary>
    public static IAsyncEnumerable<IEvent> InOrderAsync(IQuerySession session, long asOf, CancellationToken cancellationToken = default) =>
        Pinned(session, asOf, null).OrderBy(e => e.Sequence).ToAsyncEnumerable(cancellationToken);

    /// <summary>
    /// The events of the given types up to <paramref name="asOf"/>, one stream at a time, each in version order: one
    /// query straight through Npgsql (ordered by stream and version, as the unique index on them holds them), each
    /// event's <c>data</c> read by Marten's own serializer into its type, the workbench's streams skipped; only
    /// <paramref name="onlyStreams"/> when given.
    /// </summary>
    public static IAsyncEnumerable<(string StreamId, List<IEvent> Events)> ByStreamAsync(
        IDocumentStore store, long asOf, IReadOnlyList<Type> types, CancellationToken cancellationToken = default) =>
        ByStreamAsync(store, asOf, types, null, cancellationToken);

    public static async IAsyncEnumerable<(string StreamId, List<IEvent> Events)> ByStreamAsync(
        IDocumentStore store, long asOf, IReadOnlyList<Type> types, string[]? onlyStreams, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var byName = types.ToDictionary(EventCatalogue.WireName, StringComparer.Ordinal);
        var serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            select seq_id, stream_id, version, type, timestamp, data from {EventStoreConfiguration.Schema}.mt_events
            where seq_id <= $1 and type = any($2) and is_archived = false and ($3::text[] is null or stream_id = any($3))
            order by stream_id, version
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = asOf });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. byName.Keys] });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)onlyStreams ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        string? current = null;
        var events = new List<IEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            var streamId = reader.GetString(1);
            var version = reader.GetInt64(2);
            var type = byName[reader.GetString(3)];
            var timestamp = reader.GetFieldValue<DateTimeOffset>(4);
            if (WorkbenchStreams.IsWorkbenchStream(streamId)) continue;
            if (current is not null && !string.Equals(streamId, current, StringComparison.Ordinal))
            {
                yield return (current, events);
                events = [];
            }
            current = streamId;
            var e = registry.BuildEvent(serializer.FromJson(type, reader, 5));
            e.Sequence = sequence;
            e.Version = version;
            e.Timestamp = timestamp;
            e.StreamKey = streamId;
            events.Add(e);
        }
        if (current is not null) yield return (current, events);
    }

    private static IQueryable<IEvent> Pinned(IQuerySession session, long asOf, string[]? typeNames)
    {
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= asOf && !e.StreamKey!.StartsWith(WorkbenchStreams.Prefix, StringComparison.OrdinalIgnoreCase));
        return typeNames is null ? query : query.Where(e => e.EventTypeName.IsOneOf(typeNames));
    }
}
