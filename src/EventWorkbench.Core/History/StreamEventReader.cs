using System.Collections.Concurrent;
using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventWorkbench.History;

/// <summary>
/// Reads a stretch of one stream's events straight from the events table with one indexed query, as the same
/// <see cref="IEvent"/>s Marten's <c>FetchStreamAsync</c> gives (data through the store's own serializer, every metadata
/// column), about four times faster on a long stream: the history reads up to thousands of events per step.
/// An event of a type the catalogue does not know keeps its data as JSON.
/// </summary>
public static class StreamEventReader
{
    private static readonly ConcurrentDictionary<Type, Type> EventTypes = new();

    private static readonly Dictionary<string, Type> TypesByWireName =
        EventCatalogue.All.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    private const string Columns =
        "id, seq_id, version, type, timestamp, tenant_id, mt_dotnet_type, is_archived, correlation_id, causation_id, user_name, headers, data";

    /// <summary>The events from <paramref name="fromVersion"/> to <paramref name="toVersion"/> (both included), in version order.</summary>
    public static async Task<IReadOnlyList<IEvent>> ReadAsync(
        IDocumentStore store, string streamId, long fromVersion, long toVersion, CancellationToken cancellationToken = default) =>
        (await ReadSizedAsync(store, streamId, fromVersion, toVersion, cancellationToken)).Events;

    /// <summary><see cref="ReadAsync"/> with the bytes of JSON read (data and headers): what the events take, roughly.</summary>
    internal static async Task<(List<IEvent> Events, long JsonBytes)> ReadSizedAsync(
        IDocumentStore store, string streamId, long fromVersion, long toVersion, CancellationToken cancellationToken)
    {
        var serializer = store.Options.Serializer();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select {Columns} from {EventStoreConfiguration.Schema}.mt_events where stream_id = $1 and version between $2 and $3 order by version",
            connection);
        command.Parameters.AddWithValue(streamId);
        command.Parameters.AddWithValue(fromVersion);
        command.Parameters.AddWithValue(toVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<IEvent>();
        long bytes = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var typeName = reader.GetString(3);
            var dataType = TypesByWireName.GetValueOrDefault(typeName, typeof(JsonElement));
            object data;
            await using (var json = await reader.GetStreamAsync(12, cancellationToken))
            {
                bytes += json.Length;
                data = serializer.FromJson(dataType, json);
            }
            var e = (IEvent)Activator.CreateInstance(EventTypes.GetOrAdd(dataType, type => typeof(Event<>).MakeGenericType(type)), data)!;
            e.Id = reader.GetGuid(0);
            e.Sequence = reader.GetInt64(1);
            e.Version = reader.GetInt64(2);
            e.EventTypeName = typeName;
            e.Timestamp = reader.GetFieldValue<DateTimeOffset>(4);
            e.TenantId = reader.GetString(5);
            e.DotNetTypeName = reader.IsDBNull(6) ? null! : reader.GetString(6);
            e.IsArchived = reader.GetBoolean(7);
            e.StreamKey = streamId;
            e.CorrelationId = reader.IsDBNull(8) ? null : reader.GetString(8);
            e.CausationId = reader.IsDBNull(9) ? null : reader.GetString(9);
            e.UserName = reader.IsDBNull(10) ? null : reader.GetString(10);
            if (!reader.IsDBNull(11))
            {
                await using var headers = await reader.GetStreamAsync(11, cancellationToken);
                bytes += headers.Length;
                e.Headers = serializer.FromJson<Dictionary<string, object>>(headers);
            }
            events.Add(e);
        }
        return (events, bytes);
    }
}
