namespace EventWorkbench.Access;

// The access log: events the workbench appends about who may do what and who came in, all on the one stream
// WorkbenchStreams.Access, written only by the app. Who, what and from where are in the data; when is the event's
// timestamp. No event ever holds a secret: password and API key hashes live in documents (AccessSecrets.cs), and a
// sign-in with a name that matches no account does not record the name (people type their password there).

public sealed record AccountCreated(string UserName, IReadOnlyList<string> Roles, string By, string? FromIp);

public sealed record RoleGranted(string UserName, string Role, string By, string? FromIp);

public sealed record RoleRevoked(string UserName, string Role, string By, string? FromIp);

/// <summary>An admin set a new password; sessions begun before it end.</summary>
public sealed record PasswordReset(string UserName, string By, string? FromIp);

/// <summary>Too many failed sign-ins in a row: no sign-in until <paramref name="Until"/>, and open sessions end.</summary>
public sealed record AccountLockedOut(string UserName, DateTimeOffset Until, int FailedAttempts, string? FromIp);

public sealed record AccountUnlocked(string UserName, string By, string? FromIp);

public sealed record SignedIn(string UserName, string? FromIp);

public sealed record SignedOut(string UserName, string? FromIp);

/// <summary><paramref name="UserName"/> is null when the name typed matches no account.</summary>
public sealed record SignInFailed(string? UserName, SignInFailure Reason, string? FromIp);

public sealed record ApiKeyCreated(
    string KeyId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, string By, string? FromIp);

public sealed record ApiKeyRevoked(string KeyId, string Name, string By, string? FromIp);

/// <summary>
/// A person signed in through the OpenID Connect provider <paramref name="Provider"/> (its display name), as
/// <paramref name="Subject"/> there, with the workbench roles its role claim gave (possibly none).
/// </summary>
public sealed record ExternalSignedIn(string UserName, string Provider, string Subject, IReadOnlyList<string> Roles, string? FromIp);

/// <summary>A sign-in through the provider that did not complete (refused there, or its answer did not check out).</summary>
public sealed record ExternalSignInFailed(string Provider, string Reason, string? FromIp);

public enum SignInFailure { UnknownAccount, WrongPassword, LockedOut }

/// <summary>The wire names of the access events, as the event catalogue maps them.</summary>
public static class AccessEventNames
{
    public static readonly IReadOnlyDictionary<string, Type> All = new Dictionary<string, Type>
    {
        ["account_created"] = typeof(AccountCreated),
        ["role_granted"] = typeof(RoleGranted),
        ["role_revoked"] = typeof(RoleRevoked),
        ["password_reset"] = typeof(PasswordReset),
        ["account_locked_out"] = typeof(AccountLockedOut),
        ["account_unlocked"] = typeof(AccountUnlocked),
        ["signed_in"] = typeof(SignedIn),
        ["signed_out"] = typeof(SignedOut),
        ["sign_in_failed"] = typeof(SignInFailed),
        ["api_key_created"] = typeof(ApiKeyCreated),
        ["api_key_revoked"] = typeof(ApiKeyRevoked),
        ["external_signed_in"] = typeof(ExternalSignedIn),
        ["external_sign_in_failed"] = typeof(ExternalSignInFailed),
    };
}
