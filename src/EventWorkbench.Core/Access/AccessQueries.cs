using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Access;

/// <summary>A stored API key as the admin page lists it: never its hash.</summary>
public sealed record ApiKeyListing(
    string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastUsedAt);

/// <summary>One line of the access log.</summary>
public sealed record AccessLogEntry(long Sequence, DateTimeOffset At, string Type, string? Actor, JsonElement Data);

/// <summary>The read side of accounts, keys and the access log.</summary>
public sealed class AccessQueries(IDocumentStore store)
{
    public async Task<Account?> AccountAsync(string userName, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        if (name.Length == 0) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<Account>(name, cancellationToken);
    }

    public async Task<IReadOnlyList<Account>> AccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Account>().OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> AnyAccountAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Account>().AnyAsync(cancellationToken);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Account>().AnyAsync(a => a.Roles.Contains(AccessRoles.Admin), cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyListing>> ApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<StoredApiKey>().OrderBy(k => k.Name).ToListAsync(cancellationToken);
        var usage = (await session.LoadManyAsync<ApiKeyUsage>(cancellationToken, keys.Select(k => k.Id).ToArray()))
            .ToDictionary(u => u.Id, u => u.LastUsedAt);
        return keys.Select(k => new ApiKeyListing(
            k.Id, k.Name, k.Scopes, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.RevokedAt, k.RevokedBy,
            usage.TryGetValue(k.Id, out var used) ? used : null)).ToList();
    }

    /// <summary>The latest access events, newest first.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == WorkbenchStreams.Access)
            .OrderByDescending(e => e.Sequence)
            .Take(Math.Clamp(count, 1, 1000))
            .ToListAsync(cancellationToken);
        return events.Select(e => new AccessLogEntry(
            e.Sequence, e.Timestamp, e.EventTypeName, e.UserName,
            JsonSerializer.SerializeToElement(e.Data, e.EventType, EventCatalogue.Output))).ToList();
    }
}
