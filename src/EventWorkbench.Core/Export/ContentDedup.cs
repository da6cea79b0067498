using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventWorkbench.Export;

/// <summary>
/// Drops a row whose normalised content (every text trimmed, runs of whitespace made one space, lower case) was
/// already written: the first in the export's order stays. Keeps 16 bytes of SHA-256 per row seen.
/// </summary>
public sealed class ContentDedup
{
    private readonly HashSet<UInt128> _seen = [];

    public bool IsDuplicate(IEnumerable<string?> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Normalise(text ?? "")));
            hash.AppendData([0x1f]);
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return !_seen.Add(BinaryPrimitives.ReadUInt128BigEndian(digest));
    }

    public static string Normalise(string text)
    {
        var normalised = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace) normalised.Append(' ');
            pendingSpace = false;
            normalised.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return normalised.ToString();
    }

    public static IEnumerable<string?> TextsOf(TrainingExample row) =>
        row.Prompt.SelectMany(message => new[] { message.Role, message.Content })
            .Append(row.Chosen).Append(row.Rejected).Append(row.Completion).Append(row.Label?.ToString());
}
