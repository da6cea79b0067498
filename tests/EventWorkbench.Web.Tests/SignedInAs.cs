using System.Security.Claims;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventWorkbench.Web.Tests;

/// <summary>
/// The circuit's authentication state in component tests: a signed-in account with roles, as the sign-in cookie carries
/// it (<see cref="AccountPrincipal"/>), checked by the app's real policies. Change it before rendering.
/// </summary>
public sealed class SignedInAs : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    public void Account(string userName, params string[] roles) =>
        _user = AccountPrincipal.For(new Account { Id = userName, Roles = [.. roles] }, DateTimeOffset.UtcNow);

    public void Anonymous() => _user = new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>Makes this the circuit's authentication state, with the app's real policies in place of bUnit's placeholder.</summary>
    public void Register(IServiceCollection services)
    {
        services.RemoveAll<IAuthorizationService>();
        services.RemoveAll<IAuthorizationPolicyProvider>();
        services.AddAuthorizationCore(Policies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddSingleton<AuthenticationStateProvider>(this);
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
