using Microsoft.AspNetCore.Diagnostics;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// What an error status without a body gets. An address no endpoint answers, read by a browser (GET or HEAD, outside
/// the API), is answered by the workbench's own not-found page (the router's <c>NotFoundPage</c>, in the layout) with
/// its 404 kept; everything else, the API above all, gets application/problem+json. A page that finds nothing at its
/// address says so itself (<see cref="Components.NotFoundReasons"/>) and keeps what it rendered.
/// </summary>
public static class StatusPages
{
    public const string NotFoundPath = "/not-found";

    public static WebApplication UseStatusPages(this WebApplication app)
    {
        app.UseStatusCodePages(Api.ApiErrors.WriteStatusCodePageAsync);
        app.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // Runs after routing (the host's implicit UseRouting comes first), so it knows whether an endpoint answers.
            if (!IsUnansweredPageRead(context) && context.Features.Get<IStatusCodePagesFeature>() is { } reExecution)
                reExecution.Enabled = false;
            return next(context);
        });
        return app;
    }

    private static bool IsUnansweredPageRead(HttpContext context) =>
        context.GetEndpoint() is null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/api")
        && !context.Request.Path.StartsWithSegments("/openapi");
}
