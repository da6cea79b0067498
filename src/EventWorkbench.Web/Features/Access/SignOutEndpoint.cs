using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventWorkbench.Web.Features.Access;

public static class SignOutEndpoint
{
    /// <summary>
    /// <c>POST /signout</c> from the app bar's form (with its antiforgery token: the form binding makes the endpoint
    /// check it): records the sign-out, ends the session and shows the sign-in page.
    /// </summary>
    public static void MapSignOut(this IEndpointRouteBuilder app) =>
        app.MapPost("/signout", async (HttpContext context, IFormCollection form, SignIns signIns) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                // A session begun through the OpenID Connect provider has no local account to record it against.
                if (!ExternalSignIn.IsExternal(context.User)) await signIns.SignOutAsync(name, ClientAddress.Of(context), context.RequestAborted);
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
            return Results.Redirect("/signin?signedOut=true");
        }).ExcludeFromDescription();
}
