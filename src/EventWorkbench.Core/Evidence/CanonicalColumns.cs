using System.Buffers.Binary;
using System.Text;

namespace EventWorkbench.Evidence;

/// <summary>
/// The columns inside <see cref="Audit.CanonicalEvents"/>' canonical bytes, by name, and back: each column is a 4-byte
/// big-endian length (-1 for null) and its UTF-8 text, in the order of <see cref="Names"/>. A bundle carries the
/// columns as text, so anyone can rebuild the bytes, hash them and compare with the digest.
/// </summary>
public static class CanonicalColumns
{
    /// <summary>The columns in the order CanonicalEvents reads them.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "seq_id", "id", "stream_id", "version", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived",
        "correlation_id", "causation_id", "user_name", "headers", "data",
    ];

    /// <summary>The columns of one row's canonical bytes, by name; throws <see cref="FormatException"/> for bytes of another shape.</summary>
    public static Dictionary<string, string?> Decode(byte[] bytes)
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        var at = 0;
        foreach (var name in Names)
        {
            if (at + 4 > bytes.Length) throw new FormatException($"The canonical bytes end before the column {name}");
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at, 4));
            at += 4;
            if (length == -1)
            {
                columns[name] = null;
                continue;
            }
            if (length < 0 || at + length > bytes.Length) throw new FormatException($"The column {name} has a length beyond the canonical bytes");
            columns[name] = Encoding.UTF8.GetString(bytes, at, length);
            at += length;
        }
        if (at != bytes.Length) throw new FormatException("The canonical bytes hold more than the known columns");
        return columns;
    }

    /// <summary>The canonical bytes of a row's columns; every name of <see cref="Names"/> must be present (null for a null column).</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, string?> columns)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var name in Names)
        {
            if (!columns.TryGetValue(name, out var text)) throw new FormatException($"The column {name} is missing");
            var bytes = text is null ? null : Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
            buffer.Write(length);
            if (bytes is not null) buffer.Write(bytes);
        }
        return buffer.ToArray();
    }
}
