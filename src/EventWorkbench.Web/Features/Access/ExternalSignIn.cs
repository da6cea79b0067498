using System.Globalization;
using System.Security.Claims;
using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// Optional sign-in through an OpenID Connect provider (<see cref="ExternalSignInOptions"/>): the sign-in page's
/// button posts to <c>/signin/external</c>, the provider answers <c>/signin-oidc</c> with a code that the app redeems
/// for a signed id token, and the person gets the same session cookie as a local account, with the workbench roles
/// the provider's role claim names (none is possible: such a person meets the 403 page). Both outcomes go on the
/// access log, with the address they came from. The provider's word holds for the session: no local account exists
/// to check it against.
/// </summary>
public static class ExternalSignIn
{
    public const string Scheme = "oidc";
    public const string ProviderClaim = "external_provider";
    public const string StartPath = "/signin/external";
    public const string FailedQuery = "externalFailed";

    public static void AddExternalSignIn(this AuthenticationBuilder authentication, ExternalSignInOptions settings)
    {
        if (!settings.IsConfigured) return;
        authentication.AddOpenIdConnect(Scheme, settings.DisplayName, options =>
        {
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can stay SameSite=Lax and
            // work over HTTP as over HTTPS (a form post from the provider's site would need SameSite=None; Secure).
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.SaveTokens = false;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");
            options.Events.OnTicketReceived = context => SignedInAsync(context, settings);
            options.Events.OnRemoteFailure = context => FailedAsync(context, settings);
        });
    }

    /// <summary><c>POST /signin/external</c> (antiforgery checked: the form binding makes the endpoint ask for it).</summary>
    public static void MapExternalSignIn(this IEndpointRouteBuilder app, ExternalSignInOptions settings)
    {
        if (!settings.IsConfigured) return;
        app.MapPost(StartPath, (IFormCollection form) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalReturnUrl.OrDefault(form["returnUrl"]) }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The session's principal: the provider's name for the person, the workbench roles its claim names.</summary>
    public static ClaimsPrincipal PrincipalFor(ClaimsPrincipal external, ExternalSignInOptions settings, DateTimeOffset at, out string subject)
    {
        subject = external.FindFirst("sub")?.Value ?? "";
        var name = new[] { "preferred_username", "email", "name" }.Select(type => external.FindFirst(type)?.Value)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? subject;
        var roles = external.FindAll(settings.RoleClaim)
            .SelectMany(claim => claim.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(value => value.ToLowerInvariant()).Where(AccessRoles.IsKnown).Distinct().Order(StringComparer.Ordinal).ToList();
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(AccountPrincipal.SignedInAtClaim, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new(ProviderClaim, settings.DisplayName),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>A session begun through the provider: nothing in the store to check it against.</summary>
    public static bool IsExternal(ClaimsPrincipal user) => user.HasClaim(claim => claim.Type == ProviderClaim);

    private static async Task SignedInAsync(TicketReceivedContext context, ExternalSignInOptions settings)
    {
        var http = context.HttpContext;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var principal = PrincipalFor(context.Principal!, settings, clock.GetUtcNow(), out var subject);
        context.Principal = principal;
        var name = principal.Identity!.Name!;
        var from = ClientAddress.Of(http);
        await http.RequestServices.GetRequiredService<AccessLog>().WriteAsync(new AccessActor(name, from), _ => Task.FromResult(
            AccessDecision.Append(new ExternalSignedIn(name, settings.DisplayName, subject, AccountPrincipal.Roles(principal), from))),
            http.RequestAborted);
    }

    private static async Task FailedAsync(RemoteFailureContext context, ExternalSignInOptions settings)
    {
        var http = context.HttpContext;
        var from = ClientAddress.Of(http);
        var reason = context.Failure?.Message ?? "unknown";
        if (reason.Length > 300) reason = reason[..300];
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn))
            .LogWarning("Sign-in through {Provider} from {Address} failed: {Reason}", settings.DisplayName, from, reason);
        await http.RequestServices.GetRequiredService<AccessLog>().WriteAsync(new AccessActor(AccessNames.Anonymous, from), _ => Task.FromResult(
            AccessDecision.Append(new ExternalSignInFailed(settings.DisplayName, reason, from))), http.RequestAborted);
        context.Response.Redirect($"/signin?{FailedQuery}=true");
        context.HandleResponse();
    }
}
