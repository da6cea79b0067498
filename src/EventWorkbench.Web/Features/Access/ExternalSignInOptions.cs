namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// The <c>Accounts:OpenIdConnect</c> section: an OpenID Connect provider people may sign in with beside the local
/// accounts (authorization code flow with PKCE). Off while <see cref="Authority"/> or <see cref="ClientId"/> is empty.
/// </summary>
public sealed class ExternalSignInOptions
{
    /// <summary>The provider's issuer address; its discovery document is read from <c>/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment or a secret store, never appsettings.json.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The id token's claim whose values are workbench role names (others are ignored).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The provider's name on the sign-in button ("Sign in with ...") and on the access log.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Only a provider on a private network or in a test may be reached over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
