using Marten;

namespace EventWorkbench.Access;

/// <summary>The result of a sign-in: the account (with its roles) when signed in.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, Account? Account, DateTimeOffset At);

/// <summary>
/// Signs people in and out, and records both, failures included. A name that matches no account still costs a
/// password verification, so the time taken does not tell which names exist. <paramref name="refusedPasswords"/> never
/// sign anyone in (outside Development: the published demo password), and count as wrong.
/// </summary>
public sealed class SignIns(
    AccessLog log, IPasswordHashing hashing, TimeProvider clock, LockoutPolicy lockout, IReadOnlyCollection<string>? refusedPasswords = null)
{
    private readonly Lazy<string> _decoyHash = new(() => hashing.Hash(Guid.NewGuid().ToString("N")));

    public async Task<SignInAttempt> SignInAsync(
        string? userName, string? password, string? fromIp, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        var knownShape = name.Length is > 0 and <= AccessNames.MaxNameLength;
        AccountSecret? secret = null;
        if (knownShape)
        {
            await using var session = log.Store.QuerySession();
            secret = await session.LoadAsync<AccountSecret>(name, cancellationToken);
        }
        var check = hashing.Verify(secret?.PasswordHash ?? _decoyHash.Value, password ?? "");
        var matches = secret is not null && check != PasswordCheck.Wrong && refusedPasswords?.Contains(password ?? "") != true;

        SignInAttempt attempt = new(SignInOutcome.Refused, null, clock.GetUtcNow());
        var actor = new AccessActor(secret is null ? AccessNames.Anonymous : name, fromIp);
        await log.WriteAsync(actor, async session =>
        {
            var account = knownShape ? await session.LoadAsync<Account>(name, cancellationToken) : null;
            var now = clock.GetUtcNow();
            var (outcome, events) = SignInRules.Decide(account, matches, now, lockout, fromIp);
            attempt = new SignInAttempt(outcome, outcome == SignInOutcome.SignedIn ? account : null, now);
            var rehash = outcome == SignInOutcome.SignedIn && check == PasswordCheck.RightButRehash;
            return new AccessDecision(events, Secrets: rehash ? s => s.Store(Rehashed(secret!, password!)) : null);
        }, cancellationToken);
        return attempt;
    }

    public async Task SignOutAsync(string userName, string? fromIp, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        await log.WriteAsync(new AccessActor(name, fromIp), async session =>
            await session.LoadAsync<Account>(name, cancellationToken) is null
                ? AccessDecision.Refuse("There is no such account")
                : AccessDecision.Append(new SignedOut(name, fromIp)), cancellationToken);
    }

    private AccountSecret Rehashed(AccountSecret secret, string password) =>
        new() { Id = secret.Id, PasswordHash = hashing.Hash(password), ChangedAt = clock.GetUtcNow() };
}
