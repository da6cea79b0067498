using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventWorkbench.Audit;

/// <summary>
/// One row of <see cref="SealedEventsTable"/>: a sealed event's sequence, the SHA-256 of its canonical bytes, and its
/// timestamp as it was when sealed (the canonical text), so a changed time can be told apart from other rewrites.
/// </summary>
public sealed record SealedEvent(long Sequence, byte[] Sha256, string Timestamp)
{
    /// <summary>The position of the timestamp among the canonical columns (<see cref="CanonicalEvents"/>).</summary>
    private const int TimestampColumn = 5;

    public static SealedEvent Of(CanonicalEvents.Row row) => new(row.Sequence, SHA256.HashData(row.Bytes), TimestampOf(row.Bytes));

    /// <summary>The timestamp column of canonical bytes: each column is a 4-byte big-endian length (-1: null), then its text.</summary>
    public static string TimestampOf(byte[] canonical)
    {
        var position = 0;
        for (var column = 0; ; column++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(canonical.AsSpan(position));
            position += 4;
            if (column == TimestampColumn) return length < 0 ? "" : Encoding.UTF8.GetString(canonical, position, length);
            if (length > 0) position += length;
        }
    }

    /// <summary>
    /// SHA-256 over a seal's per-event rows in sequence order (8-byte sequence, 32-byte digest, length-prefixed
    /// timestamp each), kept in the seal, so the per-event table is itself checked against the seal.
    /// </summary>
    public sealed class TableDigest : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public void Add(SealedEvent row)
        {
            Span<byte> numbers = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(numbers, row.Sequence);
            _hash.AppendData(numbers);
            _hash.AppendData(row.Sha256);
            var timestamp = Encoding.UTF8.GetBytes(row.Timestamp);
            BinaryPrimitives.WriteInt32BigEndian(numbers, timestamp.Length);
            _hash.AppendData(numbers[..4]);
            _hash.AppendData(timestamp);
        }

        public string Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public void Dispose() => _hash.Dispose();
    }
}
