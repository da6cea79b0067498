using EventWorkbench.Access;

namespace EventWorkbench.Tests.Access;

public sealed class SignInRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = new(5, TimeSpan.FromMinutes(15));

    private static Account Ana(int failures = 0, DateTimeOffset? lockedUntil = null) =>
        new() { Id = "ana", Roles = ["viewer"], FailedSignIns = failures, LockedOutUntil = lockedUntil };

    [Fact]
    public void The_right_password_signs_in()
    {
        var (outcome, events) = SignInRules.Decide(Ana(failures: 3), passwordMatches: true, Now, Policy, "10.0.0.1");
        outcome.ShouldBe(SignInOutcome.SignedIn);
        events.ShouldBe([new SignedIn("ana", "10.0.0.1")]);
    }

    [Fact]
    public void A_name_that_matches_no_account_is_refused_without_recording_the_name()
    {
        var (outcome, events) = SignInRules.Decide(null, passwordMatches: false, Now, Policy, "10.0.0.1");
        outcome.ShouldBe(SignInOutcome.Refused);
        events.ShouldBe([new SignInFailed(null, SignInFailure.UnknownAccount, "10.0.0.1")]);
    }

    [Fact]
    public void The_fifth_wrong_password_in_a_row_locks_the_account_for_fifteen_minutes()
    {
        SignInRules.Decide(Ana(failures: 3), false, Now, Policy, null).Outcome.ShouldBe(SignInOutcome.Refused);

        var (outcome, events) = SignInRules.Decide(Ana(failures: 4), false, Now, Policy, "10.0.0.7");
        outcome.ShouldBe(SignInOutcome.LockedOut);
        events.ShouldBe([
            new SignInFailed("ana", SignInFailure.WrongPassword, "10.0.0.7"),
            new AccountLockedOut("ana", Now.AddMinutes(15), 5, "10.0.0.7"),
        ]);
    }

    [Fact]
    public void A_locked_account_is_refused_even_with_the_right_password_until_the_lockout_ends()
    {
        var locked = Ana(lockedUntil: Now.AddMinutes(1));
        var (outcome, events) = SignInRules.Decide(locked, passwordMatches: true, Now, Policy, null);
        outcome.ShouldBe(SignInOutcome.LockedOut);
        events.ShouldBe([new SignInFailed("ana", SignInFailure.LockedOut, null)]);

        SignInRules.Decide(locked, true, Now.AddMinutes(1), Policy, null).Outcome.ShouldBe(SignInOutcome.SignedIn);
    }
}
