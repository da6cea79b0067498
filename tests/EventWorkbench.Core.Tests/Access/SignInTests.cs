using EventWorkbench.Access;
using EventWorkbench.Streams;

namespace EventWorkbench.Tests.Access;

public sealed class SignInTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> EventsAboutAsync(string userName)
    {
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Access);
        return events.Where(e => Account.AccountOf(e.Data) == userName).ToList();
    }

    [Fact]
    public async Task The_right_password_signs_in_with_the_roles_and_is_recorded_with_the_address()
    {
        var ana = await fixture.NewAccountAsync(AccessRoles.Reviewer);

        var attempt = await fixture.SignIns.SignInAsync(ana.ToUpperInvariant(), AccessFixture.Password, "198.51.100.4");

        attempt.Outcome.ShouldBe(SignInOutcome.SignedIn);
        attempt.Account.ShouldNotBeNull().Roles.ShouldBe([AccessRoles.Reviewer]);
        var signedIn = (await EventsAboutAsync(ana))[^1];
        signedIn.Data.ShouldBe(new SignedIn(ana, "198.51.100.4"));
        signedIn.UserName.ShouldBe(ana);
        (await fixture.Queries.AccountAsync(ana))!.LastSignedInFrom.ShouldBe("198.51.100.4");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_as_events()
    {
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        for (var i = 1; i <= 4; i++)
            (await fixture.SignIns.SignInAsync(ana, "wrong password!", "203.0.113.9")).Outcome.ShouldBe(SignInOutcome.Refused, $"failure {i}");

        (await fixture.SignIns.SignInAsync(ana, "wrong password!", "203.0.113.9")).Outcome.ShouldBe(SignInOutcome.LockedOut);
        (await fixture.SignIns.SignInAsync(ana, AccessFixture.Password, "203.0.113.9")).Outcome
            .ShouldBe(SignInOutcome.LockedOut, "the right password does not open a locked account");

        var events = await EventsAboutAsync(ana);
        events.Select(e => e.EventTypeName).ShouldBe([
            "account_created", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed",
            "account_locked_out", "sign_in_failed",
        ]);
        var locked = events[^2].Data.ShouldBeOfType<AccountLockedOut>();
        (locked.FailedAttempts, locked.FromIp).ShouldBe((5, "203.0.113.9"));
        locked.Until.ShouldBe(fixture.Clock.GetUtcNow().AddMinutes(15), TimeSpan.FromSeconds(5));
        events[^1].Data.ShouldBe(new SignInFailed(ana, SignInFailure.LockedOut, "203.0.113.9"));
        (await fixture.Queries.AccountAsync(ana))!.IsLockedOut(fixture.Clock.GetUtcNow()).ShouldBeTrue();
    }

    [Fact]
    public async Task A_lockout_ends_after_its_time_or_when_an_admin_unlocks_the_account()
    {
        var admin = new AccessActor(await fixture.NewAccountAsync(AccessRoles.Admin), null);
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        var bob = await fixture.NewAccountAsync(AccessRoles.Viewer);
        for (var i = 0; i < 5; i++)
        {
            await fixture.SignIns.SignInAsync(ana, "wrong password!", null);
            await fixture.SignIns.SignInAsync(bob, "wrong password!", null);
        }

        (await fixture.Accounts.UnlockAsync(bob, admin)).Succeeded.ShouldBeTrue();
        (await fixture.SignIns.SignInAsync(bob, AccessFixture.Password, null)).Outcome.ShouldBe(SignInOutcome.SignedIn);

        (await fixture.SignIns.SignInAsync(ana, AccessFixture.Password, null)).Outcome.ShouldBe(SignInOutcome.LockedOut);
        var later = new ManualClock();
        later.Advance(TimeSpan.FromMinutes(16));
        var signInsLater = new SignIns(fixture.Log, new Pbkdf2Hashing(), later, LockoutPolicy.Default);
        (await signInsLater.SignInAsync(ana, AccessFixture.Password, null)).Outcome.ShouldBe(SignInOutcome.SignedIn);
    }

    [Fact]
    public async Task A_name_that_matches_no_account_is_refused_and_recorded_without_the_name()
    {
        var typed = $"nobody-{Guid.NewGuid():N}";

        (await fixture.SignIns.SignInAsync(typed, "whatever it is", "192.0.2.99")).Outcome.ShouldBe(SignInOutcome.Refused);

        await using var session = fixture.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(WorkbenchStreams.Access))[^1];
        last.Data.ShouldBe(new SignInFailed(null, SignInFailure.UnknownAccount, "192.0.2.99"));
        last.UserName.ShouldBe(AccessNames.Anonymous);
    }

    [Fact]
    public async Task A_password_reset_replaces_the_password_and_ends_older_sessions()
    {
        var admin = new AccessActor(await fixture.NewAccountAsync(AccessRoles.Admin), "192.0.2.1");
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        var session = await fixture.SignIns.SignInAsync(ana, AccessFixture.Password, null);

        (await fixture.Accounts.ResetPasswordAsync(ana, "a brand new password", admin)).Succeeded.ShouldBeTrue();

        (await fixture.SignIns.SignInAsync(ana, AccessFixture.Password, null)).Outcome.ShouldBe(SignInOutcome.Refused);
        (await fixture.SignIns.SignInAsync(ana, "a brand new password", null)).Outcome.ShouldBe(SignInOutcome.SignedIn);
        var account = (await fixture.Queries.AccountAsync(ana))!;
        account.AcceptsSessionFrom(session.At, DateTimeOffset.UtcNow).ShouldBeFalse();
        (await EventsAboutAsync(ana)).Select(e => e.Data).OfType<PasswordReset>().ShouldBe([new PasswordReset(ana, admin.Name, "192.0.2.1")]);
    }

    [Fact]
    public async Task A_burst_of_sign_ins_on_the_one_access_stream_all_get_through()
    {
        var names = new List<string>();
        for (var i = 0; i < 12; i++) names.Add(await fixture.NewAccountAsync(AccessRoles.Viewer));

        var attempts = await Task.WhenAll(names.Select(name => fixture.SignIns.SignInAsync(name, AccessFixture.Password, null)));

        attempts.ShouldAllBe(a => a.Outcome == SignInOutcome.SignedIn);
        foreach (var name in names) (await EventsAboutAsync(name)).Count(e => e.Data is SignedIn).ShouldBe(1);
    }
}
