using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Access;

namespace EventWorkbench.Web.Tests.Access;

public sealed class AccountsPageTests(AccessDatabase database) : AccessTestContext(database), IClassFixture<AccessDatabase>
{
    private IRenderedComponent<AccountsPage> RenderAccounts()
    {
        var page = RenderPage<AccountsPage>();
        page.WaitForAssertion(() => page.Find($"[data-testid=account-{AccessDatabase.Admin}]"), Wait);
        return page;
    }

    private static List<string> RolesOf(IRenderedComponent<AccountsPage> page, string account) =>
        page.FindAll($"[data-testid=account-{account}] [data-testid=account-role] .mud-chip-content").Select(c => c.TextContent.Trim()).ToList();

    private static string Message(IRenderedComponent<AccountsPage> page) => page.Find("[data-testid=access-message]").TextContent;

    private async Task<string> ExistingAccountAsync(params string[] roles)
    {
        var name = $"acc-{Guid.NewGuid():N}"[..12];
        (await Database.Accounts.CreateAsync(name, AccessHttp.Password, roles, AccessActor.System)).Succeeded.ShouldBeTrue();
        return name;
    }

    [Fact]
    public async Task Creating_an_account_with_roles_lists_it_and_records_the_admin_and_address_as_actor()
    {
        var page = RenderAccounts();
        var name = $"new-{Guid.NewGuid():N}"[..12];

        page.Find("[data-testid=new-account-name]").Change(name);
        page.Find("[data-testid=new-account-password]").Change("a first password");
        page.Find("[data-testid=new-account-role-auditor]").Change(true);
        page.Find("[data-testid=new-account-create]").Click();

        page.WaitForAssertion(() => RolesOf(page, name).ShouldBe([AccessRoles.Viewer, AccessRoles.Auditor]), Wait);
        Message(page).ShouldContain($"Created the account {name}");
        var created = await LastAccessEventAsync();
        (created.Type, created.Actor).ShouldBe(("account_created", AccessDatabase.Admin));
        created.Data.GetProperty("fromIp").GetString().ShouldBe(ClientIp);
        (await Database.SignIns.SignInAsync(name, "a first password", null)).Outcome.ShouldBe(SignInOutcome.SignedIn);
    }

    [Fact]
    public void An_account_refused_says_why_and_keeps_what_was_typed()
    {
        var page = RenderAccounts();

        page.Find("[data-testid=new-account-name]").Change("short-password");
        page.Find("[data-testid=new-account-password]").Change("too short");
        page.Find("[data-testid=new-account-create]").Click();

        page.WaitForAssertion(() => Message(page).ShouldContain($"at least {AccessNames.MinPasswordLength} characters"), Wait);
        page.Find("[data-testid=new-account-name]").GetAttribute("value").ShouldBe("short-password");
        page.FindAll("[data-testid=account-short-password]").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_role_is_granted_from_the_menu_and_revoked_with_the_chips_cross()
    {
        var name = await ExistingAccountAsync(AccessRoles.Viewer);
        var page = RenderAccounts();

        page.Find($"[data-testid=account-{name}] [data-testid=account-grant] button").Click();
        Popovers!.WaitForElement("[data-testid=grant-reviewer]", Wait).Click();
        page.WaitForAssertion(() => RolesOf(page, name).ShouldBe([AccessRoles.Viewer, AccessRoles.Reviewer]), Wait);

        page.FindAll($"[data-testid=account-{name}] [data-testid=account-role]")
            .Single(chip => chip.QuerySelector(".mud-chip-content")!.TextContent.Trim() == AccessRoles.Viewer)
            .QuerySelector("button.mud-chip-close-button")!.Click();
        page.WaitForAssertion(() => RolesOf(page, name).ShouldBe([AccessRoles.Reviewer]), Wait);

        (await Database.Queries.AccountAsync(name))!.Roles.ShouldBe([AccessRoles.Reviewer]);
        (await LastAccessEventAsync()).Type.ShouldBe("role_revoked");
    }

    [Fact]
    public void The_last_admin_cannot_lose_the_admin_role()
    {
        var page = RenderAccounts();

        page.Find($"[data-testid=account-{AccessDatabase.Admin}] [data-testid=account-role] button.mud-chip-close-button").Click();

        page.WaitForAssertion(() => Message(page).ShouldContain("last admin"), Wait);
        RolesOf(page, AccessDatabase.Admin).ShouldBe([AccessRoles.Admin]);
    }

    [Fact]
    public async Task A_locked_account_shows_until_when_and_is_unlocked_with_a_click()
    {
        var name = await ExistingAccountAsync(AccessRoles.Viewer);
        for (var i = 0; i < 5; i++) await Database.SignIns.SignInAsync(name, "not the password", null);
        var page = RenderAccounts();
        var row = $"[data-testid=account-{name}]";
        page.Find($"{row} [data-testid=account-status]").TextContent.ShouldContain("locked until");

        page.Find($"{row} [data-testid=account-unlock]").Click();

        page.WaitForAssertion(() => page.Find($"{row} [data-testid=account-status]").TextContent.Trim().ShouldBe("active"), Wait);
        (await Database.SignIns.SignInAsync(name, AccessHttp.Password, null)).Outcome.ShouldBe(SignInOutcome.SignedIn);
    }

    [Fact]
    public async Task A_password_is_reset_from_the_row()
    {
        var name = await ExistingAccountAsync(AccessRoles.Viewer);
        var page = RenderAccounts();
        var row = $"[data-testid=account-{name}]";

        page.Find($"{row} [data-testid=account-reset-password]").Click();
        page.WaitForElement($"{row} [data-testid=account-new-password]", Wait).Change("the new password here");
        page.Find($"{row} [data-testid=account-set-password]").Click();

        page.WaitForAssertion(() => Message(page).ShouldContain($"Set a new password for {name}"), Wait);
        page.WaitForAssertion(() => page.FindAll($"{row} [data-testid=account-new-password]").ShouldBeEmpty(), Wait);
        (await Database.SignIns.SignInAsync(name, "the new password here", null)).Outcome.ShouldBe(SignInOutcome.SignedIn);
        (await Database.SignIns.SignInAsync(name, AccessHttp.Password, null)).Outcome.ShouldBe(SignInOutcome.Refused);
    }
}
