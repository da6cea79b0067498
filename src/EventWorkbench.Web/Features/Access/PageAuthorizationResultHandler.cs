using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// A signed-in person opening a page their roles do not allow gets that page's address answered with 403 and the
/// "not allowed" page (the router's AuthorizeRouteView renders it), instead of a redirect elsewhere. Everything
/// else (anonymous visitors, the API) is handled as usual.
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
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
