using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventWorkbench.Ingest;

/// <summary>
/// An idempotency key maps to event ids that are the same on every retry. With Marten's unique index on
/// event ids, a retry can never write a batch twice, not even after a crash between commit and response.
/// </summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 200;
    public const string KeyHeader = "idempotencyKey";
    public const string HashHeader = "requestHash";

    public static Guid[] EventIds(string actor, string idempotencyKey, int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++) ids[i] = NameBasedGuid($"{actor}\n{idempotencyKey}\n{i}");
        return ids;
    }

    /// <summary>A fingerprint of what was asked, so the same key with another body can be told apart.</summary>
    public static string RequestHash(string streamId, AppendRequest request)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new { streamId, request }, EventCatalogue.Output);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    // RFC 9562 version 8 (custom) UUID from the first 16 bytes of a SHA-256.
    private static Guid NameBasedGuid(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
