using System.Security.Cryptography;

namespace EventWorkbench.Erasure;

/// <summary>
/// The AES-GCM cipher of each key used lately, per thread, for the sealed formats 1 to 3 (an <see cref="AesGcm"/> may
/// not be shared between threads, and making one per value cost more than the decryption): a stream's events share
/// their subject's. A cipher is kept with the key it was made from and used only for that key, so another key under
/// the same id never reuses it.
/// </summary>
internal static class GcmCiphers
{
    private const int MaxKept = 256;
    private const int TagSize = 16;

    [ThreadStatic]
    private static Dictionary<Guid, (byte[] Key, AesGcm Cipher)>? _kept;

    public static AesGcm For(Guid keyId, byte[] key)
    {
        var kept = _kept ??= [];
        if (kept.TryGetValue(keyId, out var found) && found.Key.AsSpan().SequenceEqual(key)) return found.Cipher;
        found.Cipher?.Dispose();
        if (kept.Count >= MaxKept)
        {
            foreach (var old in kept.Values) old.Cipher.Dispose();
            kept.Clear();
        }
        var cipher = new AesGcm(key, TagSize);
        kept[keyId] = (key, cipher);
        return cipher;
    }
}
