using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EventWorkbench.Erasure;

/// <summary>
/// How a sealed personal field is stored: <c>ew-sealed:1:{t|j}:{key id}:{base64 of nonce, tag and ciphertext}</c>, AES-256-GCM
/// under the subject's key, with the prefix and key id as associated data (a value cannot be moved under another key or
/// kind unnoticed). <c>t</c> holds text, <c>j</c> the JSON text of an object. Nothing else in the store looks like this:
/// the append path refuses text that begins with <see cref="Prefix"/>.
/// </summary>
public static class SealedValue
{
    public const string Prefix = "ew-sealed:1:";

    /// <summary>What a field shows once its subject's key is erased.</summary>
    public const string Erased = "[erased]";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeyIdLength = 32; // a Guid as "N"

    public static bool IsSealed(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Seal(string plain, char kind, Guid keyId, byte[] key)
    {
        var header = $"{Prefix}{kind}:{keyId:N}:";
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + TagSize + plainBytes.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Ciphers.For(keyId, key).Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(header));
        return header + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Reads a sealed value's kind and key id; false when the value is not one.</summary>
    public static bool TryParse(string value, out char kind, out Guid keyId)
    {
        kind = default;
        keyId = default;
        var rest = value.AsSpan();
        if (!rest.StartsWith(Prefix, StringComparison.Ordinal) || rest.Length < Prefix.Length + 2 + KeyIdLength + 1) return false;
        rest = rest[Prefix.Length..];
        kind = rest[0];
        return kind is 't' or 'j' && rest[1] == ':' && rest[2 + KeyIdLength] == ':'
            && Guid.TryParseExact(rest.Slice(2, KeyIdLength), "N", out keyId);
    }

    /// <summary>Reads a value's plain bytes (UTF-8) while they are at hand, without a copy.</summary>
    public delegate T PlainReader<out T>(ReadOnlySpan<byte> plain);

    /// <summary>The plain text of a value <see cref="TryParse"/> accepted; null when it does not open with this key.</summary>
    public static string? Open(string value, Guid keyId, byte[] key) =>
        TryOpen(value, keyId, key, static plain => Encoding.UTF8.GetString(plain), out var text) ? text : null;

    /// <summary>Opens a value <see cref="TryParse"/> accepted and reads its plain bytes with <paramref name="read"/>; false when it does not open with this key.</summary>
    public static bool TryOpen<T>(string value, Guid keyId, byte[] key, PlainReader<T> read, out T result)
    {
        result = default!;
        var headerLength = Prefix.Length + 2 + KeyIdLength + 1;
        var body = value.AsSpan(headerLength);
        var rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(body.Length) * 2);
        try
        {
            if (!Convert.TryFromBase64Chars(body, rented, out var length) || length < NonceSize + TagSize) return false;
            var sealedBytes = rented.AsSpan(0, length);
            var plain = rented.AsSpan(length, length - NonceSize - TagSize);
            Span<byte> header = stackalloc byte[headerLength];
            Encoding.ASCII.GetBytes(value.AsSpan(0, headerLength), header);
            try
            {
                Ciphers.For(keyId, key).Decrypt(sealedBytes[..NonceSize], sealedBytes[(NonceSize + TagSize)..], sealedBytes.Slice(NonceSize, TagSize), plain, header);
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
            result = read(plain);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The cipher of each key used lately, per thread (an <see cref="AesGcm"/> may not be shared between threads, and
    /// making one per value cost more than the decryption): a stream's events share their subject's.
    /// </summary>
    private static class Ciphers
    {
        private const int MaxKept = 256;

        [ThreadStatic]
        private static Dictionary<Guid, AesGcm>? _kept;

        public static AesGcm For(Guid keyId, byte[] key)
        {
            var kept = _kept ??= [];
            if (kept.TryGetValue(keyId, out var cipher)) return cipher;
            if (kept.Count >= MaxKept)
            {
                foreach (var old in kept.Values) old.Dispose();
                kept.Clear();
            }
            return kept[keyId] = new AesGcm(key, TagSize);
        }
    }
}
