using EventWorkbench.Access;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// An open page (a live circuit) checks its account against the store every <see cref="AccountsOptions.RevalidationSeconds"/>:
/// a revoked role is gone from the page within that time, and an account locked, removed or reset signs the page out.
/// </summary>
public sealed class AccountRevalidation(ILoggerFactory loggerFactory, AccessQueries queries, TimeProvider clock, IOptions<AccountsOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval =>
        TimeSpan.FromSeconds(Math.Clamp(options.Value.RevalidationSeconds, 1, 60));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.Name is not { } name) return false;
        if (ExternalSignIn.IsExternal(user)) return true; // the provider's word holds for the session
        var current = AccountPrincipal.Revalidated(user, await queries.AccountAsync(name, cancellationToken), clock.GetUtcNow());
        if (current is null) return false;
        // New roles: the page re-evaluates what it shows; revalidation goes on with the new state.
        if (!ReferenceEquals(current, user)) SetAuthenticationState(Task.FromResult(new AuthenticationState(current)));
        return true;
    }
}
