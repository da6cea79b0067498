using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EventWorkbench.Audit;

/// <summary>
/// The chain digest that links seals: SHA-256 of the previous seal's chain digest (32 zero bytes before the first
/// seal), the segment digest, and the range as two 8-byte big-endian numbers. Changing any seal, or dropping or
/// reordering one, changes every chain digest after it.
/// </summary>
public static class ChainDigest
{
    /// <summary>The "previous chain digest" of the first seal.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(string previousChainHex, string segmentHex, long fromSequence, long toSequence)
    {
        Span<byte> input = stackalloc byte[32 + 32 + 8 + 8];
        Convert.FromHexString(previousChainHex).CopyTo(input);
        Convert.FromHexString(segmentHex).CopyTo(input[32..]);
        BinaryPrimitives.WriteInt64BigEndian(input[64..], fromSequence);
        BinaryPrimitives.WriteInt64BigEndian(input[72..], toSequence);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>True when <paramref name="hex"/> is 64 hex digits (a SHA-256 written out).</summary>
    public static bool IsSha256Hex(string? hex) =>
        hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit);
}
