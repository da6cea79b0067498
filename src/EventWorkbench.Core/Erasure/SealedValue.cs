using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Geralt;
using K4os.Compression.LZ4;

namespace EventWorkbench.Erasure;

/// <summary>
/// How sealed personal fields are stored: under the subject's key, with the holder's header as associated data (a
/// value cannot be moved under another key or kind unnoticed). <c>t</c> marks text, <c>j</c> the JSON text of a value.
/// <list type="bullet">
/// <item>Format 4, written today: one envelope per event, sealed with AEGIS-256 (libsodium). The event's first personal
/// field holds <c>ew-sealed:4:{t|j}:{key id}:{base64 of nonce, ciphertext and tag}</c>, whose plain bytes are a flag
/// byte and the envelope: every personal value of the event in turn (each a 4-byte little-endian length and its UTF-8
/// bytes), with flag <c>0</c> as it is, with flag <c>1</c> LZ4-compressed (the envelope's 4-byte little-endian length,
/// then its LZ4 block), which is chosen where it is smaller. Each further field holds <c>ew-sealed:4:{t|j}:#{its
/// index}</c>: it is opened with its event's envelope, so it needs no key id. Ciphertext does not compress, so sealing
/// the texts uncompressed made the stored rows outgrow the plain ones, which PostgreSQL compresses. AEGIS-256 takes
/// the key with each call and its 32-byte nonce is safe to draw at random for any number of events; AES-GCM through
/// .NET (OpenSSL 3) cost more to set up for each subject's key, and more per call, than the decryption itself.</item>
/// <item>Format 3, still read: format 4 sealed with AES-256-GCM (nonce, tag, then ciphertext).</item>
/// <item>Format 2, still read: format 3's envelope never compressed, with no flag byte, and the key id in each reference
/// too (<c>ew-sealed:2:{t|j}:{key id}:#{its index}</c>).</item>
/// <item>Format 1, still read: <c>ew-sealed:1:{t|j}:{key id}:{base64 of nonce, tag and ciphertext}</c> in every field,
/// AES-256-GCM.</item>
/// </list>
/// Nothing else in the store looks like this: the append path refuses text that begins with <see cref="Marker"/>.
/// </summary>
public static class SealedValue
{
    /// <summary>What every sealed value begins with, whatever its format.</summary>
    public const string Marker = "ew-sealed:";

    /// <summary>What a field shows once its subject's key is erased.</summary>
    public const string Erased = "[erased]";

    private const int Format = 4;
    private const int GcmNonceSize = 12;
    private const int GcmTagSize = 16;
    private const int KeyIdLength = 32; // a Guid as "N"
    private const int HeaderLength = 10 + 2 + 2 + KeyIdLength + 1; // "ew-sealed:" "4:" "t:" key id ":"
    private const int ShortHeaderLength = 10 + 2 + 2; // "ew-sealed:" "4:" "t:", a reference's
    private const char ReferenceMark = '#';
    private const byte Stored = 0, Compressed = 1;
    private const int LengthSize = 4;
    private const int MaxEnvelopeLength = 256 << 20; // far above any request body the app takes

    /// <summary>
    /// Seals an event's personal values (each with its kind, in the order the event passes them) into one envelope:
    /// the first value's field holds <see cref="Holder"/>, each further one <see cref="Reference"/>.
    /// </summary>
    public static string Holder(IReadOnlyList<(char Kind, string Text)> values, Guid keyId, byte[] key)
    {
        var envelope = new ArrayBufferWriter<byte>();
        foreach (var (_, text) in values)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            BinaryPrimitives.WriteInt32LittleEndian(envelope.GetSpan(LengthSize), length);
            envelope.Advance(LengthSize);
            envelope.Advance(Encoding.UTF8.GetBytes(text, envelope.GetSpan(length)));
        }
        var plain = Packed(envelope.WrittenSpan);
        var header = $"{Marker}{Format}:{values[0].Kind}:{keyId:N}:";
        var sealedBytes = new byte[AEGIS256.NonceSize + plain.Length + AEGIS256.TagSize];
        var nonce = sealedBytes.AsSpan(0, AEGIS256.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        AEGIS256.Encrypt(sealedBytes.AsSpan(AEGIS256.NonceSize), plain, nonce, key, Encoding.ASCII.GetBytes(header));
        return header + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The field of the event's <paramref name="index"/>-th personal value (from 1) in its envelope.</summary>
    public static string Reference(char kind, int index) => $"{Marker}{Format}:{kind}:{ReferenceMark}{index}";

    /// <summary>Reads a sealed value's header; false when the value is not one.</summary>
    public static bool TryParse(string value, out SealedHeader header)
    {
        header = default;
        var span = value.AsSpan();
        if (span.Length <= ShortHeaderLength || !span.StartsWith(Marker, StringComparison.Ordinal)) return false;
        var format = span[Marker.Length] - '0';
        var kind = span[Marker.Length + 2];
        if (format is not (1 or 2 or 3 or 4) || span[Marker.Length + 1] != ':' || kind is not ('t' or 'j') || span[Marker.Length + 3] != ':')
            return false;
        if (format >= 3 && span[ShortHeaderLength] == ReferenceMark)
        {
            if (!TryParseIndex(span[(ShortHeaderLength + 1)..], out var index)) return false;
            header = new SealedHeader(format, kind, Guid.Empty, index);
            return true;
        }
        if (span.Length <= HeaderLength || span[HeaderLength - 1] != ':' || !Guid.TryParseExact(span.Slice(Marker.Length + 4, KeyIdLength), "N", out var keyId))
            return false;
        var body = span[HeaderLength..];
        var reference = 0;
        if (body[0] == ReferenceMark && (format != 2 || !TryParseIndex(body[1..], out reference))) return false;
        header = new SealedHeader(format, kind, keyId, reference);
        return true;
    }

    private static bool TryParseIndex(ReadOnlySpan<char> text, out int index) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out index) && index >= 1;

    /// <summary>
    /// The plain bytes of a value <see cref="TryParse"/> accepted that holds ciphertext (format 1, or an envelope's
    /// holder, unpacked from format 3 on); null when it does not open with this key.
    /// </summary>
    /// <remarks>
    /// The base64 is narrowed to bytes first: decoding it from UTF-8 is vectorised, from UTF-16 it is not (0.8 µs against
    /// 0.05 µs for 700 characters here). Everything but the returned bytes lives in one pooled buffer, cleared before it
    /// goes back to the pool, since it held the plain bytes.
    /// </remarks>
    public static byte[]? Open(string value, SealedHeader header, byte[] key)
    {
        var body = value.AsSpan(HeaderLength);
        var decodedLength = Base64.GetMaxDecodedFromUtf8Length(body.Length);
        var rented = ArrayPool<byte>.Shared.Rent(body.Length + 2 * decodedLength);
        try
        {
            var ascii = rented.AsSpan(0, body.Length);
            if (Ascii.FromUtf16(body, ascii, out _) != OperationStatus.Done
                || Base64.DecodeFromUtf8(ascii, rented.AsSpan(body.Length, decodedLength), out _, out var length) != OperationStatus.Done)
                return null;
            var sealedBytes = rented.AsSpan(body.Length, length);
            var plain = rented.AsSpan(body.Length + decodedLength);
            Span<byte> associated = stackalloc byte[HeaderLength];
            Encoding.ASCII.GetBytes(value.AsSpan(0, HeaderLength), associated);
            var opened = header.Format == 4 ? OpenAegis(sealedBytes, key, associated, plain) : OpenGcm(sealedBytes, header.KeyId, key, associated, plain);
            if (opened < 0) return null;
            return header.Format >= 3 ? Unpacked(plain[..opened]) : plain[..opened].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Opens nonce, ciphertext and tag into <paramref name="plain"/>; the plain length, or -1.</summary>
    private static int OpenAegis(ReadOnlySpan<byte> sealedBytes, byte[] key, ReadOnlySpan<byte> associated, Span<byte> plain)
    {
        var length = sealedBytes.Length - AEGIS256.NonceSize - AEGIS256.TagSize;
        if (length < 0) return -1;
        try
        {
            AEGIS256.Decrypt(plain[..length], sealedBytes[AEGIS256.NonceSize..], sealedBytes[..AEGIS256.NonceSize], key, associated);
            return length;
        }
        catch (CryptographicException)
        {
            return -1;
        }
    }

    /// <summary>Opens nonce, tag and ciphertext (AES-GCM, formats 1 to 3) into <paramref name="plain"/>; the plain length, or -1.</summary>
    private static int OpenGcm(ReadOnlySpan<byte> sealedBytes, Guid keyId, byte[] key, ReadOnlySpan<byte> associated, Span<byte> plain)
    {
        var length = sealedBytes.Length - GcmNonceSize - GcmTagSize;
        if (length < 0) return -1;
        try
        {
            GcmCiphers.For(keyId, key).Decrypt(sealedBytes[..GcmNonceSize], sealedBytes[(GcmNonceSize + GcmTagSize)..], sealedBytes.Slice(GcmNonceSize, GcmTagSize), plain[..length], associated);
            return length;
        }
        catch (AuthenticationTagMismatchException)
        {
            return -1;
        }
    }

    /// <summary>An envelope's plain bytes (format 3 on): its flag, then the envelope LZ4-compressed where that is smaller.</summary>
    private static byte[] Packed(ReadOnlySpan<byte> envelope)
    {
        var compressed = new byte[1 + LengthSize + LZ4Codec.MaximumOutputSize(envelope.Length)];
        var length = LZ4Codec.Encode(envelope, compressed.AsSpan(1 + LengthSize));
        if (length > 0 && LengthSize + length < envelope.Length)
        {
            compressed[0] = Compressed;
            BinaryPrimitives.WriteInt32LittleEndian(compressed.AsSpan(1), envelope.Length);
            return compressed[..(1 + LengthSize + length)];
        }
        var stored = new byte[1 + envelope.Length];
        envelope.CopyTo(stored.AsSpan(1));
        return stored;
    }

    /// <summary>The envelope in an envelope holder's plain bytes (format 3 on); null when they do not hold one.</summary>
    private static byte[]? Unpacked(ReadOnlySpan<byte> plain)
    {
        if (plain.IsEmpty) return null;
        if (plain[0] == Stored) return plain[1..].ToArray();
        if (plain[0] != Compressed || plain.Length < 1 + LengthSize) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(plain[1..]);
        if (length <= 0 || length > MaxEnvelopeLength) return null;
        var envelope = new byte[length];
        return LZ4Codec.Decode(plain[(1 + LengthSize)..], envelope) == length ? envelope : null;
    }

    /// <summary>Where each value lies in an envelope's plain bytes; null when they are not an envelope.</summary>
    public static List<Range>? EnvelopeValues(ReadOnlySpan<byte> plain)
    {
        var values = new List<Range>(4);
        for (var at = 0; at < plain.Length;)
        {
            if (plain.Length - at < 4) return null;
            var length = BinaryPrimitives.ReadInt32LittleEndian(plain[at..]);
            if (length < 0 || length > plain.Length - at - 4) return null;
            values.Add(new Range(at + 4, at + 4 + length));
            at += 4 + length;
        }
        return values.Count == 0 ? null : values;
    }
}

/// <summary>
/// A sealed value's header: its format, kind (<c>t</c> text, <c>j</c> JSON), key id (none in a reference from format 3 on), and
/// for a reference the index of its value in the event's envelope (0 for a value that holds ciphertext).
/// </summary>
public readonly record struct SealedHeader(int Format, char Kind, Guid KeyId, int Reference);
