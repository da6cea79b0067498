using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Api;

/// <summary>One API key from configuration: <c>Api:Keys:&lt;name&gt;:Secret</c> and <c>Api:Keys:&lt;name&gt;:Scopes</c>.</summary>
public sealed class ApiKey
{
    public string Secret { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
}

public static class ApiScopes
{
    public const string Append = ApiKeyScopes.Append;
    public const string Read = ApiKeyScopes.Read;
    public const string Export = ApiKeyScopes.Export;
    public const string Audit = ApiKeyScopes.Audit;
    public const string Admin = ApiKeyScopes.Admin;
    public static readonly string[] All = [Append, Read, Export, Audit, Admin];
}

/// <summary>
/// An authorization requirement that an API key meets with any of these scopes, so a key refused by it is told which
/// scopes the endpoint takes (a person is told the roles).
/// </summary>
public interface IScopeRequirement
{
    IReadOnlyList<string> Scopes { get; }
}

/// <summary>
/// Bearer API keys: those from configuration, then those created on the admin page (found by the hash of their
/// secret; expired or revoked ones fail). The key's name becomes the actor on every event it appends.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> keys,
    ApiKeyVerification storedKeys,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'");

        var secret = header["Bearer ".Length..].Trim();
        var presented = Hash(secret);
        foreach (var (name, key) in keys.CurrentValue.Keys)
        {
            if (string.IsNullOrEmpty(key.Secret) || !CryptographicOperations.FixedTimeEquals(presented, Hash(key.Secret))) continue;
            return Success(name, key.Scopes);
        }

        if (await storedKeys.FindAsync(secret, Context.RequestAborted) is not { } stored) return AuthenticateResult.Fail("The API key is not valid");
        if (!stored.IsActive(clock.GetUtcNow())) return AuthenticateResult.Fail($"The API key '{stored.Name}' has expired");
        await storedKeys.RecordUseAsync(stored, Context.RequestAborted);
        return Success(stored.Name, stored.Scopes);
    }

    private static AuthenticateResult Success(string name, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(scopes.Select(scope => new Claim(ScopeClaim, scope.Trim().ToLowerInvariant())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer <api key>'";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Not authenticated", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Not allowed",
            $"The API key '{Context.User.Identity?.Name}' lacks the scope this endpoint needs");

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

public static class ApiKeyAuthentication
{
    public static void AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddScopePolicies();
    }

    private static void AddScopePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        foreach (var scope in ApiScopes.All)
        {
            builder.AddPolicy(scope, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope)));
        }
    }

    /// <summary>A key with the scope, or with <c>admin</c>, which covers every scope.</summary>
    private sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement, IScopeRequirement
    {
        public IReadOnlyList<string> Scopes { get; } = scope == ApiScopes.Admin ? [ApiScopes.Admin] : [scope, ApiScopes.Admin];

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
        {
            if (requirement.Scopes.Any(held => context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, held))) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
