using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// Every request with a sign-in cookie asks the store about the account: a session whose account is gone, locked
/// or had its password reset since ends; roles granted or revoked since take effect at once.
/// </summary>
public sealed class SessionValidation(AccessQueries queries, TimeProvider clock) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.Name is not { } name || ExternalSignIn.IsExternal(context.Principal)) return;
        var account = await queries.AccountAsync(name, context.HttpContext.RequestAborted);
        var current = AccountPrincipal.Revalidated(context.Principal, account, clock.GetUtcNow());
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (!ReferenceEquals(current, context.Principal))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }
}
