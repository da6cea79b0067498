using EventWorkbench.Storage;
using Marten;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>Positions as Marten keeps them (<c>mt_event_progression</c>) and the store's high-water mark.</summary>
public static class ProjectionPositions
{
    private const string Progression = $"{EventStoreConfiguration.Schema}.mt_event_progression";
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    /// <summary>Each progression row: shard name, last sequence processed, when it was last written.</summary>
    public static async Task<IReadOnlyList<(string Shard, long Sequence, DateTimeOffset? Updated)>> ReadAsync(
        IDocumentStore store, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(store, cancellationToken);
        await using var command = new NpgsqlCommand($"select name, coalesce(last_seq_id, 0), last_updated from {Progression}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, long, DateTimeOffset?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return rows;
    }

    /// <summary>The lowest position among the shards of <paramref name="projection"/>, or null when none has a row.</summary>
    public static async Task<long?> OfAsync(IDocumentStore store, string projection, CancellationToken cancellationToken = default) =>
        Of(await ReadAsync(store, cancellationToken), projection);

    /// <summary>The lowest position among the shards of <paramref name="projection"/> in <paramref name="rows"/>, or null when none has a row.</summary>
    public static long? Of(IReadOnlyList<(string Shard, long Sequence, DateTimeOffset? Updated)> rows, string projection)
    {
        var mine = rows.Where(r => BelongsTo(r.Shard, projection)).ToList();
        return mine.Count == 0 ? null : mine.Min(r => r.Sequence);
    }

    /// <summary>The highest sequence appended so far.</summary>
    public static async Task<long> HighWaterMarkAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(store, cancellationToken);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {Events}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Shards are named <c>{projection}:{key}</c> (<c>ProposalReview:All</c>).</summary>
    public static bool BelongsTo(string shard, string projection) =>
        shard.StartsWith(projection + ":", StringComparison.Ordinal);

    internal static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
