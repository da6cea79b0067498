using Microsoft.AspNetCore.Components.Endpoints;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Pages answer HEAD as they answer GET, without the body (Kestrel sends none for HEAD): link checkers and
/// monitors ask with HEAD, and the Razor component endpoints only take GET and POST.
/// </summary>
public static class HeadRequests
{
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
