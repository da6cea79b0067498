namespace EventWorkbench.Access;

/// <summary>
/// The account commands, pure: each takes the accounts it concerns as the log holds them and returns the events to
/// append or a refusal a person can read. The acting admin must still be an admin when the command is decided.
/// </summary>
public static class AccountRules
{
    public static AccessDecision Create(Account? existing, Account? actor, string userName, IReadOnlyList<string> roles, string? password, AccessActor by)
    {
        if (ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
        if (AccessNames.UserNameProblem(userName) is { } nameProblem) return AccessDecision.Refuse(nameProblem);
        if (existing is not null) return AccessDecision.Refuse($"There is already an account '{userName}'");
        if (AccessNames.PasswordProblem(password) is { } passwordProblem) return AccessDecision.Refuse(passwordProblem);
        if (roles.FirstOrDefault(r => !AccessRoles.IsKnown(r)) is { } unknown) return AccessDecision.Refuse(UnknownRole(unknown));
        return AccessDecision.Append(new AccountCreated(userName, [.. roles.Distinct()], by.Name, by.FromIp));
    }

    public static AccessDecision Grant(Account? account, Account? actor, string role, AccessActor by)
    {
        if (ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
        if (account is null) return AccessDecision.Refuse("There is no such account");
        if (!AccessRoles.IsKnown(role)) return AccessDecision.Refuse(UnknownRole(role));
        if (account.Roles.Contains(role)) return AccessDecision.Refuse($"'{account.Id}' already holds the role {role}");
        return AccessDecision.Append(new RoleGranted(account.Id, role, by.Name, by.FromIp));
    }

    /// <param name="admins">How many accounts hold the admin role now.</param>
    public static AccessDecision Revoke(Account? account, Account? actor, string role, int admins, AccessActor by)
    {
        if (ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
        if (account is null) return AccessDecision.Refuse("There is no such account");
        if (!account.Roles.Contains(role)) return AccessDecision.Refuse($"'{account.Id}' does not hold the role {role}");
        if (role == AccessRoles.Admin && admins <= 1)
            return AccessDecision.Refuse($"'{account.Id}' is the last admin: grant another account admin first");
        return AccessDecision.Append(new RoleRevoked(account.Id, role, by.Name, by.FromIp));
    }

    public static AccessDecision Unlock(Account? account, Account? actor, DateTimeOffset now, AccessActor by)
    {
        if (ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
        if (account is null) return AccessDecision.Refuse("There is no such account");
        if (!account.IsLockedOut(now) && account.FailedSignIns == 0) return AccessDecision.Refuse($"'{account.Id}' is not locked out");
        return AccessDecision.Append(new AccountUnlocked(account.Id, by.Name, by.FromIp));
    }

    public static AccessDecision ResetPassword(Account? account, Account? actor, string? password, AccessActor by)
    {
        if (ActorProblem(actor, by) is { } refusal) return AccessDecision.Refuse(refusal);
        if (account is null) return AccessDecision.Refuse("There is no such account");
        if (AccessNames.PasswordProblem(password) is { } passwordProblem) return AccessDecision.Refuse(passwordProblem);
        return AccessDecision.Append(new PasswordReset(account.Id, by.Name, by.FromIp));
    }

    /// <summary>Only an admin (or the app itself) changes accounts; a role revoked a moment ago counts.</summary>
    public static string? ActorProblem(Account? actor, AccessActor by) =>
        by.IsSystem || actor is { IsAdmin: true }
            ? null
            : $"'{by.Name}' is not an admin (any more): the change was not made";

    private static string UnknownRole(string role) => $"'{role}' is not a role; the roles are {string.Join(", ", AccessRoles.All)}";
}
