using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Route values exactly as the client encoded them. ASP.NET Core decodes every percent-escape in a route value
/// except <c>%2F</c>, so an id holding a slash ("team/a", sent as <c>team%2Fa</c>) would arrive as the text
/// "team%2Fa" and be stored under another id than the one the pages and the client use. Reading the segment from
/// the raw request target and decoding it once gives back "team/a" (and "%2F" for a client that sent <c>%252F</c>).
/// The raw segment must be the one the router matched: Kestrel removes dot segments before routing
/// (<c>/api/streams/A/../B/events</c> routes as stream B, while the raw segment says A), so a target with a dot segment,
/// or whose segment decodes to anything but what was routed, is refused with 400, as is one that is not UTF-8 once decoded.
/// </summary>
public static class RawRouteValues
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Hands the endpoint's string route parameters to it as <see cref="TryGet"/> reads them, or answers 400 naming them.</summary>
    public static TBuilder WithRawRouteValues<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var strings = factory.MethodInfo.GetParameters()
                .Where(parameter => parameter.ParameterType == typeof(string) && parameter.Name is not null)
                .Select(parameter => (parameter.Position, Name: parameter.Name!))
                .ToList();
            return context =>
            {
                Dictionary<string, string[]>? errors = null;
                foreach (var (position, name) in strings)
                {
                    if (!context.HttpContext.Request.RouteValues.ContainsKey(name)) continue;
                    if (TryGet(context.HttpContext, name, out var value, out var problem)) context.Arguments[position] = value;
                    else (errors ??= new(StringComparer.Ordinal))[name] = [problem];
                }
                return errors is null ? next(context) : ValueTask.FromResult<object?>(Problems.InvalidAddress(errors, !HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method)));
            };
        });

    /// <summary>The route value decoded once from the raw target, or why the raw target cannot be read that way.</summary>
    public static bool TryGet(HttpContext http, string name, out string value, out string problem)
    {
        value = http.GetRouteValue(name) as string ?? "";
        problem = "";
        if (http.GetEndpoint() is not RouteEndpoint endpoint || http.Features.Get<IHttpRequestFeature>()?.RawTarget is not { } target)
            return true;

        var index = IndexOf(endpoint.RoutePattern, name);
        var path = target.Split('?', 2)[0];
        if (index < 0 || !path.StartsWith('/')) return true; // an absolute-form target: keep ASP.NET's reading
        var segments = path[1..].Split('/');
        if (segments.FirstOrDefault(segment => PercentDecode(segment, keepEscapedSlash: false) is "." or "..") is { } dots)
        {
            problem = $"cannot be read: the path holds the dot segment '{dots}', so the segment routed is not the one sent; send the path without dot segments";
            return false;
        }
        var offset = http.Request.PathBase.HasValue ? http.Request.PathBase.Value!.Trim('/').Split('/').Length : 0;
        if (index + offset >= segments.Length) return true;

        var raw = segments[index + offset];
        if (PercentDecode(raw, keepEscapedSlash: false) is not { } decoded)
        {
            problem = "is not percent-encoded UTF-8: encode ids as UTF-8, and a percent sign as %25";
            return false;
        }
        if (!string.Equals(PercentDecode(raw, keepEscapedSlash: true), value, StringComparison.Ordinal))
        {
            problem = "cannot be read: the raw path segment is not the one the route matched";
            return false;
        }
        value = decoded;
        return true;
    }

    /// <summary>
    /// Decodes %XX escapes as UTF-8; null when the bytes are not UTF-8 or a '%' is not followed by two hex digits (Kestrel
    /// lets it through as text, so "a%" and "a%25" would name one id two ways). With <paramref name="keepEscapedSlash"/>,
    /// %2F stays escaped, as Kestrel reads paths.
    /// </summary>
    private static string? PercentDecode(string segment, bool keepEscapedSlash)
    {
        if (!segment.Contains('%', StringComparison.Ordinal)) return segment;
        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%')
            {
                if (i + 2 >= segment.Length || !Uri.IsHexDigit(segment[i + 1]) || !Uri.IsHexDigit(segment[i + 2])) return null;
                if (keepEscapedSlash && segment[i + 1] == '2' && segment[i + 2] is 'F' or 'f') bytes.AddRange([(byte)'%', (byte)'2', (byte)segment[i + 2]]);
                else bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (segment[i] < 0x80) bytes.Add((byte)segment[i]);
            else bytes.AddRange(Encoding.UTF8.GetBytes(segment[i].ToString()));
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
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
