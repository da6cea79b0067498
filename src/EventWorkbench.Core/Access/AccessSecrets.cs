namespace EventWorkbench.Access;

// Secrets live in documents, outside the immutable event log: a new password or a revoked key replaces its hash,
// and no old hash stays behind anywhere. The events only say that something changed, by whom, from where.

/// <summary>An account's password hash (the web app hashes with ASP.NET Core Identity's PasswordHasher). Id is the user name.</summary>
public sealed class AccountSecret
{
    public string Id { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// An API key created on the admin page. Only the SHA-256 of its secret is kept (the secret is random, 256 bits, so
/// a fast hash is enough), and revoking wipes it. Id is the key id the access events name.
/// </summary>
public sealed class StoredApiKey
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Lower-case hex SHA-256 of the secret; null once revoked.</summary>
    public string? SecretHash { get; set; }
    public List<string> Scopes { get; set; } = [];
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive(DateTimeOffset now) => SecretHash is not null && RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}

/// <summary>When a stored API key last authenticated a request (written at most once a minute per key). Id is the key id.</summary>
public sealed class ApiKeyUsage
{
    public string Id { get; set; } = "";
    public DateTimeOffset LastUsedAt { get; set; }
}

/// <summary>
/// One key of the web app's data protection key ring (which encrypts sign-in cookies and antiforgery tokens), kept in
/// the store so every app node sharing it reads the others' cookies and sessions survive a restart. Id is the key's name.
/// </summary>
public sealed class ProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}
