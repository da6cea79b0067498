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
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(header));
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

    /// <summary>The plain text of a value <see cref="TryParse"/> accepted; null when it does not open with this key.</summary>
    public static string? Open(string value, byte[] key)
    {
        var headerLength = Prefix.Length + 2 + KeyIdLength + 1;
        var body = value.AsSpan(headerLength);
        var sealedBytes = new byte[Base64.GetMaxDecodedFromUtf8Length(body.Length)];
        if (!Convert.TryFromBase64Chars(body, sealedBytes, out var length) || length < NonceSize + TagSize) return null;
        var plain = new byte[length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize, plain.Length), sealedBytes.AsSpan(NonceSize, TagSize),
                plain, Encoding.ASCII.GetBytes(value[..headerLength]));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }
}
