using EventWorkbench.Web.Features.Access;
using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// The security headers on every response (pages, the API, static files, errors): a tight Content-Security-Policy
/// and the headers that keep the workbench out of frames, stop sniffing, send no full referrer to other sites and
/// switch off browser features it never uses. The API reference page gets a looser policy of its own.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiReferencePolicy = "api-reference";

    public static void AddWorkbenchSecurityHeaders(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var authority = OriginOf(builder.Configuration[$"{AccountsOptions.Section}:OpenIdConnect:Authority"]);
        builder.Services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(policy => Common(policy, development).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                // Blazor Server's blazor.web.js, MudBlazor's script and the app's own files: no inline script runs but
                // the import map the page head renders, which carries this response's nonce.
                csp.AddScriptSrc().Self().WithNonce();
                // MudBlazor writes its theme as an inline <style> element and positions popovers, menus and its layout
                // through style attributes, and Blazor's reconnect dialog injects a <style> element: a nonce cannot
                // cover style attributes, so inline styles stay allowed (styles cannot run code).
                csp.AddStyleSrc().Self().UnsafeInline();
                // The circuit's SignalR connection (WebSockets, or long polling as a fallback) goes to this origin only.
                csp.AddConnectSrc().Self();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
                var formAction = csp.AddFormAction().Self();
                // Chromium applies form-action to the redirects after a form post: the external sign-in button's
                // post is answered with a redirect to the OpenID Connect provider.
                if (authority is not null) formAction.From(authority);
            }))
            .AddPolicy(ApiReferencePolicy, policy => Common(policy, development).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                // Scalar's page starts itself with an inline script holding its configuration, and renders its
                // components with inline styles: this page only (it shows no data of the store, only the API's
                // description) allows inline scripts and styles. Everything still comes from this origin.
                csp.AddScriptSrc().Self().UnsafeInline();
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddConnectSrc().Self();
                csp.AddImgSrc().Self().Data().Blob();
                csp.AddFontSrc().Self().Data();
                csp.AddWorkerSrc().Self().Blob();
                csp.AddObjectSrc().None();
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
            }));
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy, bool development)
    {
        policy.AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
            .AddPermissionsPolicy(features =>
            {
                // The library's default list includes web-share, which Chromium does not know and warns about on
                // every page: these are the features the workbench never uses that browsers understand.
                features.AddAccelerometer().None();
                features.AddAutoplay().None();
                features.AddCamera().None();
                features.AddDisplayCapture().None();
                features.AddEncryptedMedia().None();
                features.AddFullscreen().None();
                features.AddGeolocation().None();
                features.AddGyroscope().None();
                features.AddMagnetometer().None();
                features.AddMicrophone().None();
                features.AddMidi().None();
                features.AddPayment().None();
                features.AddPictureInPicture().None();
                features.AddPublickeyCredentialsGet().None();
                features.AddScreenWakeLock().None();
                features.AddSyncXHR().None();
                features.AddUsb().None();
                features.AddXrSpatialTracking().None();
            });
        // Sent over HTTPS only (the library leaves it off plain HTTP); a developer's browser is never pinned to HTTPS.
        if (!development) policy.AddStrictTransportSecurityMaxAgeIncludeSubDomains(maxAgeInSeconds: 60 * 60 * 24 * 365);
        return policy;
    }

    /// <summary>The origin of <c>Accounts:OpenIdConnect:Authority</c>, when one is configured.</summary>
    private static string? OriginOf(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
