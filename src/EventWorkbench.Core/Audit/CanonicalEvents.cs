using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Audit;

/// <summary>
/// The bytes an event was stored as, in one fixed form, so that a digest over them proves what the log held.
/// Every column of the events table is covered, read the way PostgreSQL itself prints it (jsonb prints its keys
/// in one canonical order), so the same stored row always gives the same bytes, on any machine, and any change
/// to a stored row (its data, metadata, time, stream, type or position) changes them.
/// </summary>
public static class CanonicalEvents
{
    /// <summary>Which events to read: a sequence range, or one stream, or one correlation id.</summary>
    public sealed record Selection(long FromSequence = 1, long ToSequence = long.MaxValue, string? StreamId = null, string? CorrelationId = null);

    /// <summary>One stored event and its canonical bytes.</summary>
    public sealed record Row(long Sequence, string StreamId, long Version, string Type, byte[] Bytes);

    private const string Columns =
        "seq_id, id::text, stream_id, version, type, " +
        "to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " +
        "tenant_id, mt_dotnet_type, is_archived, correlation_id, causation_id, user_name, headers::text, data::text";

    /// <summary>The selected events in sequence order, streamed from PostgreSQL.</summary>
    public static async IAsyncEnumerable<Row> ReadAsync(
        NpgsqlDataSource dataSource, Selection selection, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sql = $"select {Columns} from {EventStoreConfiguration.Schema}.mt_events where seq_id between @from and @to";
        await using var command = dataSource.CreateCommand();
        command.Parameters.AddWithValue("from", selection.FromSequence);
        command.Parameters.AddWithValue("to", selection.ToSequence);
        if (selection.StreamId is not null)
        {
            sql += " and stream_id = @stream";
            command.Parameters.AddWithValue("stream", selection.StreamId);
        }
        if (selection.CorrelationId is not null)
        {
            sql += " and correlation_id = @correlation";
            command.Parameters.AddWithValue("correlation", selection.CorrelationId);
        }
        command.CommandText = sql + " order by seq_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new Row(reader.GetInt64(0), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), Canonical(reader));
        }
    }

    /// <summary>
    /// The canonical bytes of one row read with <see cref="Columns"/>: each column as a 4-byte big-endian length
    /// (-1 for null) followed by its UTF-8 text, so no two different rows can give the same bytes.
    /// </summary>
    private static byte[] Canonical(NpgsqlDataReader reader)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        for (var column = 0; column < reader.FieldCount; column++)
        {
            var text = reader.IsDBNull(column) ? null : Text(reader.GetValue(column));
            var bytes = text is null ? null : Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
            buffer.Write(length);
            if (bytes is not null) buffer.Write(bytes);
        }
        return buffer.ToArray();
    }

    private static string Text(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>SHA-256 over a sequence of events: each event's canonical bytes, length-prefixed, in order.</summary>
    public sealed class Digest : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }

        public void Add(Row row)
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(length, row.Bytes.Length);
            _hash.AppendData(length);
            _hash.AppendData(row.Bytes);
            Count++;
        }

        /// <summary>The digest so far as lower-case hex; adding more events afterwards goes on from here.</summary>
        public string Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public void Dispose() => _hash.Dispose();
    }
}
