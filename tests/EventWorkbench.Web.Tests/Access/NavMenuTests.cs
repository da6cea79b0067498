using System.Security.Claims;
using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Components.Layout;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>The navigation offers only the pages a person may open, through the app's real policies.</summary>
public sealed class NavMenuTests : BunitContext
{
    private List<string> LinksFor(params string[] roles)
    {
        var account = new Account { Id = "someone", Roles = [.. roles] };
        Services.AddMudServices();
        Services.RemoveAll<IAuthorizationService>(); // bUnit's placeholder: the app's real policies are under test
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.AddAuthorizationCore(Policies.Configure);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationState(AccountPrincipal.For(account, DateTimeOffset.UtcNow)));
        JSInterop.Mode = JSRuntimeMode.Loose;
        var menu = Render<NavMenu>();
        return menu.FindAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
    }

    [Theory]
    [InlineData(AccessRoles.Viewer, "streams events dashboards explore")]
    [InlineData(AccessRoles.Reviewer, "streams events review dashboards explore")]
    [InlineData(AccessRoles.Auditor, "streams events dashboards explore evidence admin/access-log seals")]
    [InlineData(AccessRoles.MlEngineer, "streams events dashboards explore export datasets")]
    [InlineData(AccessRoles.Admin, "streams events review dashboards explore export datasets evidence admin/access-log seals projections erasure admin/accounts admin/api-keys")]
    public void Each_role_sees_the_links_to_its_pages_only(string role, string links)
    {
        LinksFor(role).ShouldBe([.. links.Split(' '), "api/reference"]);
    }

    [Fact]
    public void Roles_add_up()
    {
        LinksFor(AccessRoles.Reviewer, AccessRoles.Auditor).ShouldBe(["streams", "events", "review", "dashboards", "explore", "evidence", "admin/access-log", "seals", "api/reference"]);
    }

    [Fact]
    public void An_account_without_a_role_sees_no_workbench_page()
    {
        LinksFor().ShouldBe(["api/reference"]);
    }

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
