using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EventWorkbench.Projections;

/// <summary>
/// Compares the live and the shadow documents of one projection: both tables read in id order (byte order of the
/// UTF-8 ids), each streamed on its own connection, and merged, so memory holds one row of each and the changes
/// waiting to be written (at most <see cref="WriteBatch"/>). The changes go to <see cref="ShadowSchema.Changes"/>, numbered
/// in id order; the counts are returned.
/// </summary>
public sealed class ShadowComparer(NpgsqlDataSource dataSource)
{
    public const int WriteBatch = 500;

    public sealed record Counts(long Live, long Shadow, long Added, long Removed, long Changed, long Unchanged);

    public async Task<Counts> CompareAsync(ShadowedProjection projection, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await ClearAsync(projection.Name, cancellationToken);
        await using var liveConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var shadowConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var live = new SortedRows(liveConnection, projection.LiveTable);
        await using var shadow = new SortedRows(shadowConnection, projection.ShadowTable);
        await live.StartAsync(cancellationToken);
        await shadow.StartAsync(cancellationToken);

        var pending = new List<(string Id, ShadowChangeKind Kind, IReadOnlyList<FieldChange> Fields)>();
        long liveCount = 0, shadowCount = 0, added = 0, removed = 0, changed = 0, unchanged = 0, ordinal = 0;
        var hasLive = await live.NextAsync(cancellationToken);
        var hasShadow = await shadow.NextAsync(cancellationToken);
        while (hasLive || hasShadow)
        {
            var order = !hasLive ? 1 : !hasShadow ? -1 : Utf8Order(live.Id, shadow.Id);
            if (order < 0)
            {
                pending.Add((live.Id, ShadowChangeKind.Removed, []));
                removed++;
            }
            else if (order > 0)
            {
                pending.Add((shadow.Id, ShadowChangeKind.Added, []));
                added++;
            }
            else if (string.Equals(live.Json, shadow.Json, StringComparison.Ordinal))
            {
                unchanged++;
            }
            else if (JsonFieldDiff.Between(live.Json, shadow.Json) is { Count: > 0 } fields)
            {
                pending.Add((live.Id, ShadowChangeKind.Changed, fields));
                changed++;
            }
            else
            {
                unchanged++; // the same JSON written another way (jsonb keeps one form, so this is rare)
            }

            if (order <= 0) { liveCount++; hasLive = await live.NextAsync(cancellationToken); }
            if (order >= 0) { shadowCount++; hasShadow = await shadow.NextAsync(cancellationToken); }
            if (pending.Count >= WriteBatch)
            {
                ordinal = await WriteAsync(projection.Name, pending, ordinal, cancellationToken);
                progress?.Report(liveCount + shadowCount);
            }
        }
        await WriteAsync(projection.Name, pending, ordinal, cancellationToken);
        return new Counts(liveCount, shadowCount, added, removed, changed, unchanged);
    }

    /// <summary>Orders ids as PostgreSQL's "C" collation does: by their UTF-8 bytes.</summary>
    public static int Utf8Order(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private async Task ClearAsync(string projection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {ShadowSchema.Changes} WHERE projection = @projection");
        command.Parameters.AddWithValue("projection", projection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> WriteAsync(
        string projection, List<(string Id, ShadowChangeKind Kind, IReadOnlyList<FieldChange> Fields)> pending, long ordinal,
        CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return ordinal;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync(
            $"COPY {ShadowSchema.Changes} (projection, ordinal, document_id, kind, fields) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (id, kind, fields) in pending)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(projection, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(++ordinal, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(kind.ToString(), NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(JsonSerializer.Serialize(fields, ShadowJson.Options), NpgsqlDbType.Jsonb, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        pending.Clear();
        return ordinal;
    }

    /// <summary>One table's documents as text, in id order, read as they come.</summary>
    private sealed class SortedRows(NpgsqlConnection connection, string table) : IAsyncDisposable
    {
        private NpgsqlCommand? _command;
        private NpgsqlDataReader? _reader;

        public string Id { get; private set; } = "";
        public string Json { get; private set; } = "";

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _command = new NpgsqlCommand($"SELECT id::text, data::text FROM {table} ORDER BY id::text COLLATE \"C\"", connection);
            _reader = await _command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        }

        public async Task<bool> NextAsync(CancellationToken cancellationToken)
        {
            if (!await _reader!.ReadAsync(cancellationToken)) return false;
            Id = _reader.GetString(0);
            Json = _reader.GetString(1);
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_reader is not null) await _reader.DisposeAsync();
            if (_command is not null) await _command.DisposeAsync();
        }
    }
}

internal static class ShadowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
