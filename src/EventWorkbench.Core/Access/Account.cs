namespace EventWorkbench.Access;

/// <summary>
/// One person's account as the access events leave it: roles, lockout, last sign-in. Id is the user name (lower case).
/// A pure fold of the events (<see cref="Fold"/>), kept inline by <see cref="AccountProjection"/>.
/// </summary>
public sealed class Account
{
    public string Id { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>Failed sign-ins in a row since the last sign-in, lockout or unlock.</summary>
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedOutUntil { get; set; }

    /// <summary>Sessions begun before this moment are over (a password reset, a lockout).</summary>
    public DateTimeOffset? SessionsValidFrom { get; set; }

    public DateTimeOffset? LastSignedInAt { get; set; }
    public string? LastSignedInFrom { get; set; }
    public DateTimeOffset? LastFailedAt { get; set; }

    public bool IsAdmin => Roles.Contains(AccessRoles.Admin);

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;

    /// <summary>Whether a session that began at <paramref name="signedInAt"/> may go on at <paramref name="now"/>.</summary>
    public bool AcceptsSessionFrom(DateTimeOffset signedInAt, DateTimeOffset now) =>
        !IsLockedOut(now) && (SessionsValidFrom is not { } from || signedInAt >= from);

    /// <summary>The account after one access event recorded at <paramref name="at"/>; events about others leave it as is.</summary>
    public static Account? Fold(Account? account, object data, DateTimeOffset at)
    {
        if (data is AccountCreated created)
        {
            return account ?? new Account
            {
                Id = created.UserName, Roles = [.. created.Roles.Distinct()], CreatedAt = at, CreatedBy = created.By,
            };
        }
        if (account is null) return null;

        switch (data)
        {
            case RoleGranted granted when !account.Roles.Contains(granted.Role):
                account.Roles.Add(granted.Role);
                break;
            case RoleRevoked revoked:
                account.Roles.Remove(revoked.Role);
                break;
            case PasswordReset:
                account.SessionsValidFrom = at;
                break;
            case AccountLockedOut locked:
                account.LockedOutUntil = locked.Until;
                account.FailedSignIns = 0;
                account.SessionsValidFrom = at;
                break;
            case AccountUnlocked:
                account.LockedOutUntil = null;
                account.FailedSignIns = 0;
                break;
            case SignedIn signedIn:
                account.FailedSignIns = 0;
                account.LastSignedInAt = at;
                account.LastSignedInFrom = signedIn.FromIp;
                break;
            case SignInFailed { Reason: SignInFailure.WrongPassword }:
                account.FailedSignIns++;
                account.LastFailedAt = at;
                break;
            case SignInFailed:
                account.LastFailedAt = at;
                break;
        }
        return account;
    }

    /// <summary>The account an access event is about, if any.</summary>
    public static string? AccountOf(object data) => data switch
    {
        AccountCreated e => e.UserName,
        RoleGranted e => e.UserName,
        RoleRevoked e => e.UserName,
        PasswordReset e => e.UserName,
        AccountLockedOut e => e.UserName,
        AccountUnlocked e => e.UserName,
        SignedIn e => e.UserName,
        SignedOut e => e.UserName,
        SignInFailed e => e.UserName,
        _ => null,
    };
}
