using System.Text;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EventWorkbench.Search;

/// <summary>
/// Finds events across every stream, newest first, a page at a time by sequence number (keyset: a page never repeats or
/// skips an event, however many are appended meanwhile). Each criterion has an index (<see cref="EventSearchIndexes"/>):
/// the text a trigram GIN index over the values inside the data, the others btree. Marten's own tombstone stream is
/// never shown; the workbench's own streams only when the filter asks for them.
/// </summary>
public sealed class EventSearch(IDocumentStore store)
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";
    private const string EventText = $"{EventStoreConfiguration.Schema}.{EventSearchIndexes.TextFunction}(e.data)";
    private const string PersonalTexts = $"{EventStoreConfiguration.Schema}.{Erasure.PersonalText.Name}";

    /// <summary>How far a live page counts the events appended since it loaded.</summary>
    public const int MaxNewCounted = 100;

    public async Task<EventSearchPage> SearchAsync(EventSearchFilter filter, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, EventSearchFilter.MaxPageSize);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);

        var newerFirst = filter.After is null;
        var rows = await ReadAsync(connection, filter, pageSize + 1, newerFirst, cancellationToken);
        var more = rows.Count > pageSize;
        var hits = rows.Take(pageSize).ToList();
        if (!newerFirst) hits.Reverse();
        if (hits.Count == 0)
        {
            // An empty page past either end still leads back to the events on its other side.
            long? olderThan = filter.After is { } after && await AnyAsync(connection, filter with { After = null, Before = after + 1 }, cancellationToken) ? after + 1 : null;
            long? newerThan = filter.Before is { } before && await AnyAsync(connection, filter with { Before = null, After = before - 1 }, cancellationToken) ? before - 1 : null;
            return new EventSearchPage(hits, pageSize, olderThan, newerThan);
        }

        // The side the page came from has more when the probe finds one; the side it went towards, when a row was left over.
        var older = newerFirst ? more : await AnyAsync(connection, filter with { After = null, Before = hits[^1].Sequence }, cancellationToken);
        var newer = newerFirst
            ? filter.Before is not null && await AnyAsync(connection, filter with { Before = null, After = hits[0].Sequence }, cancellationToken)
            : more;
        return new EventSearchPage(hits, pageSize, older ? hits[^1].Sequence : null, newer ? hits[0].Sequence : null);
    }

    /// <summary>The highest sequence number stored: what a page has seen when it reads.</summary>
    public async Task<long> LatestSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {Events}", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How many events under the filter came after a sequence (at most <see cref="MaxNewCounted"/>): a live page's "new events".</summary>
    public async Task<int> CountNewerAsync(EventSearchFilter filter, long after, CancellationToken cancellationToken = default)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, filter with { Before = null, After = after }, "1", MaxNewCounted, newestFirst: false);
        command.CommandText = $"SELECT count(*) FROM ({command.CommandText}) AS newer";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> AnyAsync(NpgsqlConnection connection, EventSearchFilter filter, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, filter, "1", 1, newestFirst: filter.After is null);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<List<EventHit>> ReadAsync(
        NpgsqlConnection connection, EventSearchFilter filter, int limit, bool newestFirst, CancellationToken cancellationToken)
    {
        // Only the page's rows compute their text again, for the snippet.
        const string columns = $"e.seq_id, e.stream_id, e.version, e.type, e.timestamp, "
            + "coalesce(e.data ->> 'by', e.data ->> 'editor', e.user_name), e.correlation_id, "
            + $"coalesce((SELECT p.text FROM {PersonalTexts} AS p WHERE p.event_id = e.id), {EventText})";
        await using var command = Command(connection, filter, columns, limit, newestFirst);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<EventHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new EventHit(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5),
                await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6),
                Snippets.Around(await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetString(7), filter.Text)));
        }
        return hits;
    }

    /// <summary>The search as one statement; EXPLAIN reads the same (see the tests).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection? connection, EventSearchFilter filter, string columns, int limit, bool newestFirst)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var criteria = Criteria(command, filter);
        var page = $"ORDER BY e.seq_id {(newestFirst ? "DESC" : "ASC")} LIMIT {limit}";
        if (filter.Text is not { } text)
        {
            command.CommandText = $"SELECT {columns} FROM {Events} AS e WHERE {criteria} {page}";
            return command;
        }

        // An event's text is in its data, or for an event with sealed personal fields, in its personal text row. Each
        // side finds its own page first, so PostgreSQL can walk the sequence and stop at a page of hits when the text is
        // common, or read the trigram index when it is rare; then only the page's rows are read whole (IN takes an event
        // both sides found once).
        var pattern = Parameter(command, EventSearchIndexes.SubstringPattern(text));
        var inData = $"SELECT e.seq_id FROM {Events} AS e WHERE {criteria} AND {EventSearchIndexes.Matches(EventText, pattern)} {page}";
        var inPersonalText = $"SELECT e.seq_id FROM {Events} AS e JOIN {PersonalTexts} AS p ON p.event_id = e.id "
            + $"WHERE {criteria} AND {EventSearchIndexes.Matches("p.text", pattern)} {page}";
        command.CommandText = $"SELECT {columns} FROM {Events} AS e WHERE e.seq_id IN (({inData}) UNION ALL ({inPersonalText})) {page}";
        return command;
    }

    /// <summary>Every criterion but the text, on the events as <c>e</c>.</summary>
    private static string Criteria(NpgsqlCommand command, EventSearchFilter filter)
    {
        var sql = new StringBuilder("e.stream_id NOT LIKE 'mt\\_%'");
        if (!filter.IncludeWorkbenchStreams) sql.Append($" AND e.stream_id NOT ILIKE '{WorkbenchStreams.Prefix}%'");
        if (filter.Types.Count > 0) sql.Append($" AND e.type = ANY({Parameter(command, filter.Types.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)})");
        if (filter.Actor is { } actor)
        {
            var p = Parameter(command, actor);
            sql.Append($" AND (e.user_name = {p} OR (e.data ->> 'by') = {p} OR (e.data ->> 'editor') = {p})");
        }
        if (filter.Stream is { } stream) sql.Append($" AND e.stream_id = {Parameter(command, stream)}");
        if (filter.CorrelationId is { } correlation) sql.Append($" AND e.correlation_id = {Parameter(command, correlation)}");
        if (filter.From is { } from) sql.Append($" AND e.timestamp >= {Parameter(command, from.ToUniversalTime(), NpgsqlDbType.TimestampTz)}");
        if (filter.To is { } to) sql.Append($" AND e.timestamp <= {Parameter(command, to.ToUniversalTime(), NpgsqlDbType.TimestampTz)}");
        if (filter.Before is { } before) sql.Append($" AND e.seq_id < {Parameter(command, before)}");
        if (filter.After is { } after) sql.Append($" AND e.seq_id > {Parameter(command, after)}");
        return sql.ToString();
    }

    private static string Parameter(NpgsqlCommand command, object value, NpgsqlDbType? type = null)
    {
        var name = $"p{command.Parameters.Count}";
        command.Parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        return "@" + name;
    }
}
