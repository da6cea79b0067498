using System.Runtime.CompilerServices;
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

    /// <summary>The events of the given types up to <paramref name="asOf"/>, one stream at a time, each in version order.</summary>
    public static async IAsyncEnumerable<(string StreamId, List<IEvent> Events)> ByStreamAsync(
        IQuerySession session, long asOf, string[] typeNames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? current = null;
        var events = new List<IEvent>();
        var query = Pinned(session, asOf, typeNames).OrderBy(e => e.StreamKey).ThenBy(e => e.Version);
        await foreach (var e in query.ToAsyncEnumerable(cancellationToken))
        {
            if (current is not null && e.StreamKey != current)
            {
                yield return (current, events);
                events = [];
            }
            current = e.StreamKey;
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
