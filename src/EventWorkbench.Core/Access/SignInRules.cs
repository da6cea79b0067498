namespace EventWorkbench.Access;

/// <summary>How many failed sign-ins in a row lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailedSignIns, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
}

public enum SignInOutcome { SignedIn, Refused, LockedOut }

/// <summary>
/// The sign-in decision, pure: the account as the log holds it, whether the password matched, the time. A locked account
/// is refused whatever the password; the failure that reaches the limit locks it.
/// </summary>
public static class SignInRules
{
    public static (SignInOutcome Outcome, IReadOnlyList<object> Events) Decide(
        Account? account, bool passwordMatches, DateTimeOffset now, LockoutPolicy policy, string? fromIp)
    {
        if (account is null) return (SignInOutcome.Refused, [new SignInFailed(null, SignInFailure.UnknownAccount, fromIp)]);
        if (account.IsLockedOut(now)) return (SignInOutcome.LockedOut, [new SignInFailed(account.Id, SignInFailure.LockedOut, fromIp)]);
        if (passwordMatches) return (SignInOutcome.SignedIn, [new SignedIn(account.Id, fromIp)]);

        var failed = new SignInFailed(account.Id, SignInFailure.WrongPassword, fromIp);
        var failures = account.FailedSignIns + 1;
        return failures < policy.MaxFailedSignIns
            ? (SignInOutcome.Refused, [failed])
            : (SignInOutcome.LockedOut, [failed, new AccountLockedOut(account.Id, now + policy.Duration, failures, fromIp)]);
    }
}
