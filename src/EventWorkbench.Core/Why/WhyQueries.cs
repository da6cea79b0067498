using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Npgsql;

namespace EventWorkbench.Why;

/// <summary>Reads a proposal's <see cref="CausalChain"/>: its stream's events, then one query for the events of other streams linked to it.</summary>
public sealed class WhyQueries(IDocumentStore store, NpgsqlDataSource dataSource)
{
    /// <summary>At most this many linked events are read (the oldest first).</summary>
    public const int MaxLinked = 500;

    /// <summary>The chain; null when the stream does not exist or never generated the proposal.</summary>
    public async Task<CausalChain?> ChainAsync(string streamId, string proposalId, CancellationToken cancellationToken = default)
    {
        if (WorkbenchStreams.IsWorkbenchStream(streamId) || Ids.IsMartenStream(streamId)) return null;
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        if (CausalChain.Build(streamId, proposalId, events) is not { } chain) return null;
        var linked = await LinkedAsync(chain, cancellationToken);
        return chain with { Linked = linked };
    }

    private async Task<IReadOnlyList<LinkedEvent>> LinkedAsync(CausalChain chain, CancellationToken cancellationToken)
    {
        var links = chain.Links();
        if (links.IsEmpty) return [];
        await using var command = dataSource.CreateCommand(
            "select seq_id, id, stream_id, version, type, timestamp, user_name, correlation_id, causation_id, headers::text, data::text " +
            $"from {EventStoreConfiguration.Schema}.mt_events " +
            "where stream_id <> @stream and (correlation_id = any(@correlations) or causation_id = any(@causedBy) " +
            "or id::text = any(@causations)) " +
            $"order by seq_id limit {MaxLinked}");
        command.Parameters.AddWithValue("stream", chain.StreamId);
        command.Parameters.AddWithValue("correlations", links.CorrelationIds.ToArray());
        command.Parameters.AddWithValue("causedBy", links.CausedByIds.ToArray());
        command.Parameters.AddWithValue("causations", links.CausationIds.ToArray());

        var opener = (Erasure.PersonalDataSerializer)store.Options.Serializer();
        var linked = new List<LinkedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var streamId = reader.GetString(2);
            if (WorkbenchStreams.IsWorkbenchStream(streamId) || Ids.IsMartenStream(streamId)) continue;
            var stored = new StoredEvent(
                reader.GetGuid(1), reader.GetInt64(3), reader.GetInt64(0), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : Headers(reader.GetString(9)),
                opener.OpenedJson(reader.GetString(4), reader.GetString(10)));
            if (chain.LinkOf(stored) is { } link) linked.Add(new LinkedEvent(streamId, stored, link));
        }
        return linked;
    }

    private static Dictionary<string, object>? Headers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)?.ToDictionary(pair => pair.Key, pair => (object)pair.Value, StringComparer.Ordinal);
}
