using System.Security.Claims;
using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Tests.Api;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>An open page (a live circuit) follows its account: roles revoked leave it, a reset or lockout signs it out.</summary>
public sealed class AccountRevalidationTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private AccountAdministration Administration => host.Services.GetRequiredService<AccountAdministration>();

    private AccountRevalidation OpenPage(ClaimsPrincipal user)
    {
        var provider = new AccountRevalidation(
            NullLoggerFactory.Instance, host.Services.GetRequiredService<AccessQueries>(), MicrosecondClock.Instance,
            Options.Create(new AccountsOptions { RevalidationSeconds = 1 }));
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return provider;
    }

    private async Task<ClaimsPrincipal> SignInAsync(string userName)
    {
        var attempt = await host.Services.GetRequiredService<SignIns>().SignInAsync(userName, AccessHttp.Password, null);
        return AccountPrincipal.For(attempt.Account.ShouldNotBeNull(), attempt.At);
    }

    private static Task<AuthenticationState> NextStateAsync(AuthenticationStateProvider provider)
    {
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);
        return changed.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_role_revoked_leaves_an_open_page_and_the_person_stays_signed_in_with_the_rest()
    {
        var person = await host.NewAccountAsync(AccessRoles.Viewer, AccessRoles.Reviewer);
        using var page = OpenPage(await SignInAsync(person));
        var next = NextStateAsync(page);

        (await Administration.RevokeAsync(person, AccessRoles.Reviewer, AccessHttp.Admin)).Succeeded.ShouldBeTrue();

        var user = (await next).User;
        user.Identity!.IsAuthenticated.ShouldBeTrue();
        user.Identity.Name.ShouldBe(person);
        user.IsInRole(AccessRoles.Reviewer).ShouldBeFalse();
        user.IsInRole(AccessRoles.Viewer).ShouldBeTrue();
    }

    [Fact]
    public async Task A_password_reset_signs_the_open_page_out()
    {
        var person = await host.NewAccountAsync(AccessRoles.Viewer);
        using var page = OpenPage(await SignInAsync(person));
        var next = NextStateAsync(page);

        (await Administration.ResetPasswordAsync(person, "the password after", AccessHttp.Admin)).Succeeded.ShouldBeTrue();

        (await next).User.Identity?.IsAuthenticated.ShouldNotBe(true);
    }

    [Fact]
    public async Task An_account_locked_out_signs_the_open_page_out()
    {
        var person = await host.NewAccountAsync(AccessRoles.Viewer);
        using var page = OpenPage(await SignInAsync(person));
        var next = NextStateAsync(page);

        var signIns = host.Services.GetRequiredService<SignIns>();
        for (var i = 0; i < 5; i++) await signIns.SignInAsync(person, "someone guessing", "203.0.113.66");

        (await next).User.Identity?.IsAuthenticated.ShouldNotBe(true);
    }
}
