using EventWorkbench.Access;
using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Tests.Access;

public sealed class AccessLogTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> AccessEventsAsync()
    {
        await using var session = fixture.Store.QuerySession();
        return await session.Events.FetchStreamAsync(WorkbenchStreams.Access);
    }

    [Fact]
    public async Task An_account_created_is_an_event_on_the_access_stream_with_its_actor_and_the_read_model_holds_it()
    {
        var admin = await fixture.NewAccountAsync(AccessRoles.Admin);
        var by = new AccessActor(admin, "192.0.2.10");

        (await fixture.Accounts.CreateAsync("  Carla.Auditor ", "a long password 1", ["auditor"], by)).Refusal.ShouldBeNull();

        var stored = (await AccessEventsAsync())[^1];
        stored.EventTypeName.ShouldBe("account_created");
        stored.UserName.ShouldBe(admin);
        var created = stored.Data.ShouldBeOfType<AccountCreated>();
        (created.UserName, created.By, created.FromIp).ShouldBe(("carla.auditor", admin, "192.0.2.10"));
        var account = (await fixture.Queries.AccountAsync("CARLA.auditor")).ShouldNotBeNull();
        account.Roles.ShouldBe(["auditor"]);
        account.CreatedBy.ShouldBe(admin);
    }

    [Fact]
    public async Task Roles_granted_and_revoked_by_an_admin_show_in_the_read_model_at_once()
    {
        var admin = new AccessActor(await fixture.NewAccountAsync(AccessRoles.Admin), null);
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);

        (await fixture.Accounts.GrantAsync(ana, AccessRoles.Reviewer, admin)).Succeeded.ShouldBeTrue();
        (await fixture.Accounts.RevokeAsync(ana, AccessRoles.Viewer, admin)).Succeeded.ShouldBeTrue();

        (await fixture.Queries.AccountAsync(ana))!.Roles.ShouldBe([AccessRoles.Reviewer]);
        var events = await AccessEventsAsync();
        events.Select(e => e.EventTypeName).TakeLast(2).ShouldBe(["role_granted", "role_revoked"]);
    }

    [Fact]
    public async Task A_viewer_cannot_grant_roles_and_nothing_is_written()
    {
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        var before = (await AccessEventsAsync()).Count;

        var decision = await fixture.Accounts.GrantAsync(ana, AccessRoles.Admin, new AccessActor(ana, null));

        decision.Refusal.ShouldNotBeNull().ShouldContain("not an admin");
        (await AccessEventsAsync()).Count.ShouldBe(before);
        (await fixture.Queries.AccountAsync(ana))!.Roles.ShouldBe([AccessRoles.Viewer]);
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_once_leave_one_admin()
    {
        // A database of its own: the admin count must be exactly these two.
        await using var own = new AccessFixture();
        await ((IAsyncLifetime)own).InitializeAsync();
        var first = await own.NewAccountAsync(AccessRoles.Admin);
        var second = await own.NewAccountAsync(AccessRoles.Admin);

        var results = await Task.WhenAll(
            own.Accounts.RevokeAsync(second, AccessRoles.Admin, new AccessActor(first, null)),
            own.Accounts.RevokeAsync(first, AccessRoles.Admin, new AccessActor(second, null)));

        results.Count(r => r.Succeeded).ShouldBe(1);
        (await own.Queries.AccountsAsync()).Count(a => a.IsAdmin).ShouldBe(1);
    }
}
