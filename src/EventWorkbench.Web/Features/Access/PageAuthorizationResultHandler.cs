using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// A signed-in person opening a page their roles do not allow gets that page's address answered with 403 and the
/// "not allowed" page (the router's AuthorizeRouteView renders it), instead of a redirect elsewhere. An API request
/// without credentials gets 401 with a problem, never the sign-in page. Everything else (anonymous visitors) is handled
/// as usual, except that an endpoint marked <see cref="ForbiddenAsStatus"/> (a download a page links to, the evidence
/// packs) answers 403 with a problem instead of the cookie's redirect, naming the roles a person needs or the scopes a
/// key needs; and an API key refused by any API endpoint is told the scopes it takes and those the key has.
/// </summary>
public sealed class PageAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return next(context);
        }
        // A policy that also takes the sign-in cookie (the evidence packs) would send an API client without credentials
        // to the sign-in page; the API answers 401 with a problem, as an endpoint taking only a key does.
        if (authorizeResult.Challenged && Api.ApiErrors.IsApi(context))
            return context.ChallengeAsync(Api.ApiKeyAuthenticationHandler.SchemeName);
        var keyRefusedByApi = Api.ApiErrors.IsApi(context) && context.User.Identity?.AuthenticationType == Api.ApiKeyAuthenticationHandler.SchemeName;
        if (authorizeResult.Forbidden && (keyRefusedByApi || context.GetEndpoint()?.Metadata.GetMetadata<ForbiddenAsStatus>() is not null))
            return Api.Problems.Write(context, StatusCodes.Status403Forbidden, "Not allowed", Refusal(context.User, policy));
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>
    /// Why the policy refused: an API key has scopes, not roles, so its owner is told which scopes the endpoint takes
    /// and which the key has; a signed-in person is told the roles.
    /// </summary>
    private static string Refusal(ClaimsPrincipal user, AuthorizationPolicy policy)
    {
        if (user.Identity is { AuthenticationType: Api.ApiKeyAuthenticationHandler.SchemeName } key)
        {
            var needed = policy.Requirements.OfType<Api.IScopeRequirement>().SelectMany(r => r.Scopes).Distinct().ToList();
            var held = user.FindAll(Api.ApiKeyAuthenticationHandler.ScopeClaim).Select(claim => claim.Value).ToList();
            var has = held.Count == 0 ? "it has no scope" : $"it has {string.Join(", ", held)}";
            return needed.Count == 0
                ? $"The API key '{key.Name}' lacks the scope this endpoint needs ({has})"
                : $"The API key '{key.Name}' may not use this: it takes a key with the {Either(needed)} scope ({has})";
        }
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles);
        return $"{user.Identity?.Name} may not use this: it takes one of the roles {string.Join(", ", roles)}";
    }

    private static string Either(List<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}

/// <summary>Endpoint metadata: a signed-in person without the policy's roles gets 403, not a redirect.</summary>
public sealed class ForbiddenAsStatus;
