using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EventWorkbench.Web.Api;

/// <summary>
/// JSON is UTF-8 (RFC 8259): a body an endpoint reads itself as JSON, sent without a JSON media type or declared in
/// another charset, is refused with 415 before it is read.
/// </summary>
public static class JsonMediaType
{
    /// <summary>The 415 for this <c>Content-Type</c>, or null when it declares UTF-8 JSON; <paramref name="outcome"/> ends each title.</summary>
    public static ProblemHttpResult? Refusal(string? contentType, string outcome = "")
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, $"The body is not JSON{outcome}",
                "Send the body as JSON with the header Content-Type: application/json");
        }
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, $"The body is not UTF-8 JSON{outcome}",
                "JSON bodies are UTF-8: send Content-Type: application/json or application/json; charset=utf-8");
        }
        return null;
    }
}
