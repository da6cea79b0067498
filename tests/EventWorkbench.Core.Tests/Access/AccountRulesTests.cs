using EventWorkbench.Access;

namespace EventWorkbench.Tests.Access;

public sealed class AccountRulesTests
{
    private static readonly AccessActor Root = new("root", "10.0.0.1");
    private static readonly Account RootAccount = new() { Id = "root", Roles = [AccessRoles.Admin] };
    private static readonly Account Ana = new() { Id = "ana", Roles = [AccessRoles.Viewer] };

    [Fact]
    public void An_admin_creates_an_account_with_known_roles_and_a_long_enough_password()
    {
        var decision = AccountRules.Create(null, RootAccount, "bob", ["viewer", "auditor"], "long enough pass", Root);
        var created = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AccountCreated>();
        (created.UserName, created.By, created.FromIp).ShouldBe(("bob", "root", "10.0.0.1"));
        created.Roles.ShouldBe(["viewer", "auditor"]);
    }

    [Theory]
    [InlineData("b", "long enough pass", "viewer", "2 to 64")]
    [InlineData("Bob Smith", "long enough pass", "viewer", "lower-case letters")]
    [InlineData("system", "long enough pass", "viewer", "reserved")]
    [InlineData("bob", "short", "viewer", "at least 12")]
    [InlineData("bob", "long enough pass", "superuser", "not a role")]
    [InlineData("ana", "long enough pass", "viewer", "already an account")]
    public void A_bad_account_is_refused_with_a_reason(string name, string password, string role, string reason)
    {
        var existing = name == "ana" ? Ana : null;
        var decision = AccountRules.Create(existing, RootAccount, name, [role], password, Root);
        decision.Events.ShouldBeEmpty();
        decision.Refusal.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Only_an_admin_changes_accounts()
    {
        var viewer = new AccessActor("ana", null);
        AccountRules.Grant(RootAccount, Ana, AccessRoles.Admin, viewer).Refusal.ShouldNotBeNull().ShouldContain("not an admin");
        AccountRules.Grant(Ana, null, AccessRoles.Auditor, Root).Refusal.ShouldNotBeNull("an admin account that no longer exists");
        AccountRules.Grant(Ana, null, AccessRoles.Auditor, AccessActor.System).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void The_last_admin_keeps_the_admin_role()
    {
        AccountRules.Revoke(RootAccount, RootAccount, AccessRoles.Admin, admins: 1, Root).Refusal.ShouldNotBeNull().ShouldContain("last admin");
        AccountRules.Revoke(RootAccount, RootAccount, AccessRoles.Admin, admins: 2, Root).Events
            .ShouldBe([new RoleRevoked("root", AccessRoles.Admin, "root", "10.0.0.1")]);
    }

    [Fact]
    public void Granting_a_role_held_or_revoking_one_not_held_is_refused()
    {
        AccountRules.Grant(Ana, RootAccount, AccessRoles.Viewer, Root).Refusal.ShouldNotBeNull().ShouldContain("already holds");
        AccountRules.Revoke(Ana, RootAccount, AccessRoles.Auditor, 1, Root).Refusal.ShouldNotBeNull().ShouldContain("does not hold");
    }

    [Fact]
    public void Only_a_locked_account_is_unlocked()
    {
        var now = DateTimeOffset.UtcNow;
        AccountRules.Unlock(Ana, RootAccount, now, Root).Refusal.ShouldNotBeNull().ShouldContain("not locked out");
        var locked = new Account { Id = "ana", LockedOutUntil = now.AddMinutes(3) };
        AccountRules.Unlock(locked, RootAccount, now, Root).Events.ShouldBe([new AccountUnlocked("ana", "root", "10.0.0.1")]);
    }
}
