using System.Text.Json;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>Reads and writes the shadow builds' summaries and their changes (<see cref="ShadowSchema"/>).</summary>
public static class ShadowBuilds
{
    private const string Columns =
        "projection, built_through, events, built_by, built_at, duration_ms, live_documents, shadow_documents, added, removed, changed, unchanged";

    /// <summary>Saves a finished build's summary, on the connection (and in the transaction) that ends its claim.</summary>
    internal static async Task SaveAsync(NpgsqlConnection connection, ShadowSummary summary, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {ShadowSchema.Builds} ({Columns})
            VALUES (@projection, @builtThrough, @events, @by, @at, @duration, @live, @shadow, @added, @removed, @changed, @unchanged)
            ON CONFLICT (projection) DO UPDATE SET built_through = excluded.built_through, events = excluded.events,
                built_by = excluded.built_by, built_at = excluded.built_at, duration_ms = excluded.duration_ms,
                live_documents = excluded.live_documents, shadow_documents = excluded.shadow_documents, added = excluded.added,
                removed = excluded.removed, changed = excluded.changed, unchanged = excluded.unchanged
            """, connection);
        command.Parameters.AddWithValue("projection", summary.Projection);
        command.Parameters.AddWithValue("builtThrough", summary.BuiltThrough);
        command.Parameters.AddWithValue("events", summary.Events);
        command.Parameters.AddWithValue("by", summary.BuiltBy);
        command.Parameters.AddWithValue("at", summary.BuiltAt);
        command.Parameters.AddWithValue("duration", summary.DurationMs);
        command.Parameters.AddWithValue("live", summary.LiveDocuments);
        command.Parameters.AddWithValue("shadow", summary.ShadowDocuments);
        command.Parameters.AddWithValue("added", summary.Added);
        command.Parameters.AddWithValue("removed", summary.Removed);
        command.Parameters.AddWithValue("changed", summary.Changed);
        command.Parameters.AddWithValue("unchanged", summary.Unchanged);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last build of a projection's shadow, or null when it has none (never built, promoted or discarded).</summary>
    public static async Task<ShadowSummary?> FindAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, projection, cancellationToken);
    }

    internal static async Task<ShadowSummary?> FindAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {ShadowSchema.Builds} WHERE projection = @projection{(forUpdate ? " FOR UPDATE" : "")}", connection);
        command.Parameters.AddWithValue("projection", projection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ShadowSummary(
            reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10),
            reader.GetInt64(11));
    }

    /// <summary>One page of the changes in id order, each with the events that explain it (up to its built position).</summary>
    public static async Task<ShadowChangesPage?> PageAsync(
        NpgsqlDataSource dataSource, ShadowedProjection projection, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await FindAsync(dataSource, projection.Name, cancellationToken) is not { } summary) return null;
        var total = summary.Added + summary.Removed + summary.Changed;
        var rows = new List<(long Ordinal, string Id, ShadowChangeKind Kind, IReadOnlyList<FieldChange> Fields)>();
        if (Paging.Offset(page, pageSize) is { } offset)
        {
            await using var command = dataSource.CreateCommand($"""
                SELECT ordinal, document_id, kind, fields::text FROM {ShadowSchema.Changes}
                WHERE projection = @projection AND ordinal > @offset ORDER BY ordinal LIMIT @limit
                """);
            command.Parameters.AddWithValue("projection", projection.Name);
            command.Parameters.AddWithValue("offset", (long)offset);
            command.Parameters.AddWithValue("limit", pageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), Enum.Parse<ShadowChangeKind>(reader.GetString(2)),
                    JsonSerializer.Deserialize<List<FieldChange>>(reader.GetString(3), ShadowJson.Options) ?? []));
            }
        }

        var explainer = new ShadowExplainer(dataSource);
        var items = new List<ShadowChange>();
        foreach (var (ordinal, id, kind, fields) in rows)
        {
            var (events, eventsTotal) = await explainer.ExplainAsync(projection, id, summary.BuiltThrough, cancellationToken);
            items.Add(new ShadowChange(ordinal, id, kind, fields, events, eventsTotal));
        }
        return new ShadowChangesPage(summary, items, Math.Max(page, 1), pageSize, total);
    }
}
