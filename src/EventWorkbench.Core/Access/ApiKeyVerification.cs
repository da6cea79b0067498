using System.Collections.Concurrent;
using Marten;

namespace EventWorkbench.Access;

/// <summary>Finds a stored API key by its secret's hash, and records when it was last used (at most once a minute per key).</summary>
public sealed class ApiKeyVerification(IDocumentStore store, TimeProvider clock)
{
    private static readonly TimeSpan UsageInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recorded = new(StringComparer.Ordinal);

    public async Task<StoredApiKey?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(ApiKeyAdministration.SecretPrefix, StringComparison.Ordinal) || secret.Length > 200) return null;
        var hash = ApiKeyAdministration.HashOf(secret);
        await using var session = store.QuerySession();
        return await session.Query<StoredApiKey>().FirstOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
    }

    /// <summary>Writes the key's last use unless this node wrote it less than a minute ago.</summary>
    public async Task RecordUseAsync(StoredApiKey key, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var last = _recorded.GetValueOrDefault(key.Id);
        if (now - last < UsageInterval || !_recorded.TryUpdate(key.Id, now, last) && !_recorded.TryAdd(key.Id, now)) return;
        await using var session = store.LightweightSession();
        session.Store(new ApiKeyUsage { Id = key.Id, LastUsedAt = now });
        await session.SaveChangesAsync(cancellationToken);
    }
}
