using Microsoft.AspNetCore.Components.Endpoints;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Pages answer HEAD as they answer GET, without the body (Kestrel sends none for HEAD): link checkers and
/// monitors ask with HEAD, and the Razor component endpoints only take GET and POST. The API does not: a HEAD on an
/// API endpoint answers 405 with <c>Allow</c> (routing's answer for a method no endpoint at that path takes), so a
/// HEAD never runs a GET handler (an export would run and be logged).
/// </summary>
public static class HeadRequests
{
    /// <summary>
    /// Run from the build output (as <c>./run.sh</c> and the tests run it), <c>MapStaticAssets</c> adds a fallback
    /// endpoint for GET and HEAD on every path, <c>{**path:file}</c>, that serves files added to wwwroot after the start.
    /// Routing then sends a HEAD on an API GET endpoint to that fallback alone, whose constraint (the file exists)
    /// rejects it, so it answered 404 instead of 405. Without it, a HEAD there gets the 405; the assets of the build
    /// keep their own endpoints (GET and HEAD), and a file added to wwwroot is served after the next build.
    /// </summary>
    public static void WithoutStaticAssetsFallback(this WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection([new("DisableStaticAssetNotFoundRuntimeFallback", "true")]);

    public static RazorComponentsEndpointConventionBuilder AnswerHead(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ComponentTypeMetadata>().Any()) return;
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is not { } methods) return;
            if (!methods.HttpMethods.Contains(HttpMethods.Get) || methods.HttpMethods.Contains(HttpMethods.Head)) return;
            endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head]));
        });
        return pages;
    }
}
