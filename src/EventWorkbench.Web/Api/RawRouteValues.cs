using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Route values exactly as the client encoded them. ASP.NET Core decodes every percent-escape in a route value
/// except <c>%2F</c>, so an id holding a slash ("team/a", sent as <c>team%2Fa</c>) would arrive as the text
/// "team%2Fa" and be stored under another id than the one the pages and the client use. Reading the segment from
/// the raw request target and decoding it once gives back "team/a" (and "%2F" for a client that sent <c>%252F</c>).
/// </summary>
public static class RawRouteValues
{
    /// <summary>Hands the endpoint's string route parameters to it as <see cref="Get"/> reads them.</summary>
    public static TBuilder WithRawRouteValues<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var strings = factory.MethodInfo.GetParameters()
                .Where(parameter => parameter.ParameterType == typeof(string) && parameter.Name is not null)
                .Select(parameter => (parameter.Position, Name: parameter.Name!))
                .ToList();
            return context =>
            {
                foreach (var (position, name) in strings)
                {
                    if (context.HttpContext.Request.RouteValues.ContainsKey(name)) context.Arguments[position] = Get(context.HttpContext, name);
                }
                return next(context);
            };
        });

    public static string Get(HttpContext http, string name)
    {
        var decoded = http.GetRouteValue(name) as string ?? "";
        if (http.GetEndpoint() is not RouteEndpoint endpoint || http.Features.Get<IHttpRequestFeature>()?.RawTarget is not { } target)
            return decoded;

        var index = IndexOf(endpoint.RoutePattern, name);
        var path = target.Split('?', 2)[0];
        if (index < 0 || !path.StartsWith('/')) return decoded; // an absolute-form target: keep ASP.NET's reading
        var segments = path[1..].Split('/');
        var offset = http.Request.PathBase.HasValue ? http.Request.PathBase.Value!.Trim('/').Split('/').Length : 0;
        return index + offset < segments.Length ? Uri.UnescapeDataString(segments[index + offset]) : decoded;
    }

    private static int IndexOf(RoutePattern pattern, string name)
    {
        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            if (parts.Count == 1 && parts[0] is RoutePatternParameterPart parameter && parameter.Name == name) return i;
        }
        return -1;
    }
}
