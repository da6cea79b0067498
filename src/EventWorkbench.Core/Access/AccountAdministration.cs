using Marten;

namespace EventWorkbench.Access;

/// <summary>
/// Accounts, roles, lockout and passwords, changed by an admin (or the app itself at start-up): every change is an
/// access event with the actor on it; a password goes to its <see cref="AccountSecret"/> in the same transaction.
/// </summary>
public sealed class AccountAdministration(AccessLog log, IPasswordHashing hashing, TimeProvider clock)
{
    public async Task<AccessDecision> CreateAsync(
        string userName, string? password, IReadOnlyList<string> roles, AccessActor by, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        var hash = AccessNames.PasswordProblem(password) is null ? hashing.Hash(password!) : null;
        return await log.WriteAsync(by, async session =>
        {
            var existing = await LoadAsync(session, name, cancellationToken);
            var decision = AccountRules.Create(existing, await ActorAsync(session, by, cancellationToken), name, roles, password, by);
            return decision with { Secrets = StorePassword(name, hash) };
        }, cancellationToken);
    }

    /// <summary>The first admin through the set-up link: only while no admin exists, so only once.</summary>
    public async Task<AccessDecision> CreateFirstAdminAsync(
        string userName, string? password, AccessActor from, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        var hash = AccessNames.PasswordProblem(password) is null ? hashing.Hash(password!) : null;
        var by = new AccessActor(AccessNames.System, from.FromIp);
        return await log.WriteAsync(by, async session =>
        {
            if (await session.Query<Account>().AnyAsync(a => a.Roles.Contains(AccessRoles.Admin), cancellationToken))
                return AccessDecision.Refuse("An admin exists already: this set-up link is no longer valid");
            var decision = AccountRules.Create(await LoadAsync(session, name, cancellationToken), null, name, [AccessRoles.Admin], password, by);
            return decision with { Secrets = StorePassword(name, hash) };
        }, cancellationToken);
    }

    public Task<AccessDecision> GrantAsync(string userName, string role, AccessActor by, CancellationToken cancellationToken = default) =>
        log.WriteAsync(by, async session => AccountRules.Grant(
            await LoadAsync(session, AccessNames.Normalize(userName), cancellationToken), await ActorAsync(session, by, cancellationToken), role, by),
            cancellationToken);

    public Task<AccessDecision> RevokeAsync(string userName, string role, AccessActor by, CancellationToken cancellationToken = default) =>
        log.WriteAsync(by, async session =>
        {
            var admins = await session.Query<Account>().CountAsync(a => a.Roles.Contains(AccessRoles.Admin), cancellationToken);
            return AccountRules.Revoke(
                await LoadAsync(session, AccessNames.Normalize(userName), cancellationToken), await ActorAsync(session, by, cancellationToken), role, admins, by);
        }, cancellationToken);

    public Task<AccessDecision> UnlockAsync(string userName, AccessActor by, CancellationToken cancellationToken = default) =>
        log.WriteAsync(by, async session => AccountRules.Unlock(
            await LoadAsync(session, AccessNames.Normalize(userName), cancellationToken), await ActorAsync(session, by, cancellationToken),
            clock.GetUtcNow(), by), cancellationToken);

    public async Task<AccessDecision> ResetPasswordAsync(
        string userName, string? password, AccessActor by, CancellationToken cancellationToken = default)
    {
        var name = AccessNames.Normalize(userName);
        var hash = AccessNames.PasswordProblem(password) is null ? hashing.Hash(password!) : null;
        return await log.WriteAsync(by, async session =>
        {
            var decision = AccountRules.ResetPassword(
                await LoadAsync(session, name, cancellationToken), await ActorAsync(session, by, cancellationToken), password, by);
            return decision with { Secrets = StorePassword(name, hash) };
        }, cancellationToken);
    }

    private Action<Marten.IDocumentSession>? StorePassword(string name, string? hash) => hash is null
        ? null
        : session => session.Store(new AccountSecret { Id = name, PasswordHash = hash, ChangedAt = clock.GetUtcNow() });

    private static Task<Account?> LoadAsync(IQuerySession session, string name, CancellationToken cancellationToken) =>
        name.Length == 0 ? Task.FromResult<Account?>(null) : session.LoadAsync<Account>(name, cancellationToken);

    private static Task<Account?> ActorAsync(IQuerySession session, AccessActor by, CancellationToken cancellationToken) =>
        by.IsSystem ? Task.FromResult<Account?>(null) : session.LoadAsync<Account>(by.Name, cancellationToken);
}
