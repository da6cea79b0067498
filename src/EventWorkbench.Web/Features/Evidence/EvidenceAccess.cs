using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace EventWorkbench.Web.Features.Evidence;

/// <summary>
/// Who may read evidence packs: a signed-in person with a role of <see cref="Policies.CanAudit"/> (the evidence page's
/// links carry the sign-in cookie), or an API key with the <c>audit</c> or <c>admin</c> scope. Anyone else signed in gets 403.
/// </summary>
public static class EvidenceAccess
{
    public const string Policy = "EvidenceReaders";

    public static void AddEvidencePolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new AuditorOrAdminKey()));

    /// <summary>The audit roles, or the audit or admin scope of an API key.</summary>
    private sealed class AuditorOrAdminKey() : RolesAuthorizationRequirement(Policies.Roles[Policies.CanAudit]), IScopeRequirement
    {
        public IReadOnlyList<string> Scopes { get; } = [ApiScopes.Audit, ApiScopes.Admin];

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RolesAuthorizationRequirement requirement)
        {
            if (Scopes.Any(scope => context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope)))
            {
                context.Succeed(requirement);
                return Task.CompletedTask;
            }
            return base.HandleRequirementAsync(context, requirement);
        }
    }
}
