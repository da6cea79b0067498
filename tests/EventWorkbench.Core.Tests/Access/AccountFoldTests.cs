using EventWorkbench.Access;

namespace EventWorkbench.Tests.Access;

public sealed class AccountFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static Account? Fold(params object[] events)
    {
        Account? account = null;
        for (var i = 0; i < events.Length; i++) account = Account.Fold(account, events[i], T0.AddMinutes(i));
        return account;
    }

    [Fact]
    public void An_account_begins_with_its_creation_and_its_roles()
    {
        var account = Fold(new AccountCreated("ana", ["viewer", "viewer", "reviewer"], "system", null)).ShouldNotBeNull();
        (account.Id, account.CreatedBy, account.CreatedAt).ShouldBe(("ana", "system", T0));
        account.Roles.ShouldBe(["viewer", "reviewer"]);
        account.IsAdmin.ShouldBeFalse();
    }

    [Fact]
    public void Events_about_an_account_never_created_make_nothing()
    {
        Fold(new RoleGranted("ghost", "admin", "root", null), new SignedIn("ghost", null)).ShouldBeNull();
    }

    [Fact]
    public void Roles_granted_and_revoked_leave_the_current_set()
    {
        var account = Fold(
            new AccountCreated("ana", ["viewer"], "system", null),
            new RoleGranted("ana", "admin", "root", "10.0.0.1"),
            new RoleGranted("ana", "admin", "root", null),
            new RoleRevoked("ana", "viewer", "root", null)).ShouldNotBeNull();
        account.Roles.ShouldBe(["admin"]);
        account.IsAdmin.ShouldBeTrue();
    }

    [Fact]
    public void Failures_count_wrong_passwords_in_a_row_and_a_sign_in_clears_them()
    {
        var created = new AccountCreated("ana", ["viewer"], "system", null);
        var wrong = new SignInFailed("ana", SignInFailure.WrongPassword, "10.0.0.9");
        Fold(created, wrong, wrong, new SignInFailed("ana", SignInFailure.LockedOut, null))!.FailedSignIns.ShouldBe(2);

        var account = Fold(created, wrong, wrong, new SignedIn("ana", "10.0.0.2"))!;
        account.FailedSignIns.ShouldBe(0);
        (account.LastSignedInAt, account.LastSignedInFrom).ShouldBe((T0.AddMinutes(3), "10.0.0.2"));
    }

    [Fact]
    public void A_lockout_holds_until_its_end_ends_open_sessions_and_an_unlock_lifts_it()
    {
        var until = T0.AddMinutes(20);
        var locked = Fold(
            new AccountCreated("ana", ["viewer"], "system", null),
            new SignInFailed("ana", SignInFailure.WrongPassword, null),
            new AccountLockedOut("ana", until, 5, null))!;

        locked.IsLockedOut(until.AddSeconds(-1)).ShouldBeTrue();
        locked.IsLockedOut(until).ShouldBeFalse();
        locked.FailedSignIns.ShouldBe(0);
        locked.AcceptsSessionFrom(signedInAt: T0, now: until.AddMinutes(1)).ShouldBeFalse("a session begun before the lockout is over");
        locked.AcceptsSessionFrom(signedInAt: until, now: until.AddMinutes(1)).ShouldBeTrue();

        var unlocked = Account.Fold(locked, new AccountUnlocked("ana", "root", null), T0.AddMinutes(5))!;
        unlocked.IsLockedOut(T0.AddMinutes(6)).ShouldBeFalse();
    }

    [Fact]
    public void A_password_reset_ends_the_sessions_begun_before_it()
    {
        var account = Fold(new AccountCreated("ana", ["viewer"], "system", null), new PasswordReset("ana", "root", null))!;
        account.AcceptsSessionFrom(T0, T0.AddHours(1)).ShouldBeFalse();
        account.AcceptsSessionFrom(T0.AddMinutes(1), T0.AddHours(1)).ShouldBeTrue();
    }

    [Fact]
    public void Key_events_and_unknown_names_belong_to_no_account()
    {
        Account.AccountOf(new ApiKeyCreated("k1", "ci", ["read"], null, "root", null)).ShouldBeNull();
        Account.AccountOf(new SignInFailed(null, SignInFailure.UnknownAccount, null)).ShouldBeNull();
        Account.AccountOf(new SignedOut("ana", null)).ShouldBe("ana");
    }
}
