using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Ingest;

/// <summary>
/// Every row of the events table (Marten's tombstones included) and how far the event sequence has been drawn,
/// read as the schema owner. A refused append must leave both where they were.
/// </summary>
public sealed record EventTableCount(long Rows, long Tombstones, long SequenceDrawn)
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    /// <summary>Sequence numbers drawn that no row holds (every row holds one of its own): gaps left by failed transactions.</summary>
    public long Gaps => SequenceDrawn - Rows;

    /// <summary>
    /// Marten writes the tombstones of a failed transaction in the background, after the failure reached the caller:
    /// the count is read until it holds still for a second.
    /// </summary>
    public static async Task<EventTableCount> ReadAsync(TestDatabase database)
    {
        var count = await ReadOnceAsync(database);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await Task.Delay(1_000);
            var again = await ReadOnceAsync(database);
            if (again == count) return count;
            count = again;
        }
        return count;
    }

    private static async Task<EventTableCount> ReadOnceAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT count(*),
                   count(*) FILTER (WHERE stream_id = 'mt_tombstone' OR type = 'tombstone'),
                   (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {EventStoreConfiguration.Schema}.mt_events_sequence)
            FROM {Events}
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new EventTableCount(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
