using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// The one place that says which roles may do what in the pages. Every role may view; admin implies every policy.
/// Pages authenticate with the sign-in cookie only (an API key is for the API).
/// </summary>
public static class Policies
{
    public const string CanView = nameof(CanView);
    public const string CanCurate = nameof(CanCurate);
    public const string CanAudit = nameof(CanAudit);
    public const string CanExport = nameof(CanExport);
    public const string CanAdminister = nameof(CanAdminister);

    /// <summary>Each policy and the roles that satisfy it (admin always does).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [CanView] = [.. AccessRoles.All],
        [CanCurate] = [AccessRoles.Reviewer, AccessRoles.Admin],
        [CanAudit] = [AccessRoles.Auditor, AccessRoles.Admin],
        [CanExport] = [AccessRoles.MlEngineer, AccessRoles.Admin],
        [CanAdminister] = [AccessRoles.Admin],
    };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, policy => policy
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(roles));
        }
    }

    /// <summary>The policies a set of roles satisfies, for telling a person what they may open.</summary>
    public static IEnumerable<string> SatisfiedBy(IReadOnlyCollection<string> roles) =>
        Roles.Where(pair => pair.Value.Any(roles.Contains)).Select(pair => pair.Key);
}
