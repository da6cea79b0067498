using System.Security.Cryptography;
using System.Text;
using Marten;

namespace EventWorkbench.Access;

/// <summary>A key just created: its secret is shown this once and never stored.</summary>
public sealed record CreatedApiKey(StoredApiKey Key, string Secret);

/// <summary>API keys created and revoked by an admin; each change is an access event with the admin as actor.</summary>
public sealed class ApiKeyAdministration(AccessLog log, TimeProvider clock)
{
    /// <summary>Secrets of stored keys begin with this, so a leaked one is recognisable.</summary>
    public const string SecretPrefix = "ewk_";

    /// <param name="reservedNames">Names taken by keys from configuration.</param>
    public async Task<(AccessDecision Decision, CreatedApiKey? Created)> CreateAsync(
        string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, IReadOnlyCollection<string> reservedNames,
        AccessActor by, CancellationToken cancellationToken = default)
    {
        name = AccessNames.Normalize(name);
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var key = new StoredApiKey
        {
            Id = Guid.CreateVersion7().ToString("N"), Name = name, SecretHash = HashOf(secret), Scopes = [.. scopes.Distinct()],
            ExpiresAt = expiresAt, CreatedAt = now, CreatedBy = by.Name,
        };
        var decision = await log.WriteAsync(by, async session =>
        {
            var actor = await session.LoadAsync<Account>(by.Name, cancellationToken);
            if (AccountRules.ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
            if (Problem(key, now) is { } problem) return AccessDecision.Refuse(problem);
            if (reservedNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                || await session.Query<StoredApiKey>().AnyAsync(k => k.Name == name, cancellationToken))
                return AccessDecision.Refuse($"There is already a key named '{name}'");
            return AccessDecision.Append(new ApiKeyCreated(key.Id, name, key.Scopes, expiresAt, by.Name, by.FromIp)) with
            {
                Secrets = s => s.Store(key),
            };
        }, cancellationToken);
        return (decision, decision.Succeeded ? new CreatedApiKey(key, secret) : null);
    }

    /// <summary>Revoking wipes the key's hash: nothing can authenticate with it again, and no trace of it is left.</summary>
    public Task<AccessDecision> RevokeAsync(string keyId, AccessActor by, CancellationToken cancellationToken = default) =>
        log.WriteAsync(by, async session =>
        {
            var actor = await session.LoadAsync<Account>(by.Name, cancellationToken);
            if (AccountRules.ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
            var key = await session.LoadAsync<StoredApiKey>(keyId, cancellationToken);
            if (key is null) return AccessDecision.Refuse("There is no such key");
            if (key.RevokedAt is not null) return AccessDecision.Refuse($"The key '{key.Name}' is revoked already");
            key.SecretHash = null;
            key.RevokedAt = clock.GetUtcNow();
            key.RevokedBy = by.Name;
            return AccessDecision.Append(new ApiKeyRevoked(key.Id, key.Name, by.Name, by.FromIp)) with { Secrets = s => s.Store(key) };
        }, cancellationToken);

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string? Problem(StoredApiKey key, DateTimeOffset now)
    {
        if (AccessNames.KeyNameProblem(key.Name) is { } nameProblem) return nameProblem;
        if (key.Scopes.Count == 0) return "A key needs at least one scope";
        if (key.Scopes.FirstOrDefault(s => !ApiKeyScopes.All.Contains(s)) is { } unknown)
            return $"'{unknown}' is not a scope; the scopes are {string.Join(", ", ApiKeyScopes.All)}";
        return key.ExpiresAt <= now ? "The expiry must be in the future" : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
