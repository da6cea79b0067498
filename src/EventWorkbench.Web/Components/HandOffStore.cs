using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace EventWorkbench.Web.Components;

/// <summary>
/// What a prerendered page loaded, kept in this node's memory for a short while under a random token so the
/// live page can take it without querying again. Only the token travels in the page: Blazor sends the page's
/// persisted state to the circuit in one SignalR message, and a hub refuses messages over 32 KB, which a page
/// of long proposals passes easily. A token that is gone (expired, evicted, another node) is a plain miss:
/// the live page loads from the database as it would without a prerender.
/// </summary>
public sealed class HandOffStore : IDisposable
{
    /// <summary>How long a snapshot waits for its circuit.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>All waiting snapshots together hold at most this many bytes of JSON; beyond it a snapshot is not kept.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly MemoryCache _snapshots = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    /// <summary>Keeps a snapshot (as JSON, so the live page gets its own copy) and returns the token that takes it.</summary>
    public string Put<T>(T snapshot)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, Json);
        _snapshots.Set(token, json, new MemoryCacheEntryOptions { Size = json.Length, AbsoluteExpirationRelativeToNow = Lifetime });
        return token;
    }

    /// <summary>Takes a snapshot once; a second take, an unknown token or one of another type finds nothing.</summary>
    public bool TryTake<T>(string token, out T? snapshot)
    {
        snapshot = default;
        if (!_snapshots.TryGetValue(token, out byte[]? json) || json is null) return false;
        _snapshots.Remove(token);
        try
        {
            snapshot = JsonSerializer.Deserialize<T>(json, Json);
            return snapshot is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose() => _snapshots.Dispose();
}
