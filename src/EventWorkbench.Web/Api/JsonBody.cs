using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Api;

/// <summary>
/// A small JSON body an endpoint reads itself, once its key has been checked. Bound as a parameter, it would make
/// routing answer 415 for another content type before authentication runs (see <see cref="OpenApiJsonBody"/>), so a
/// client without a key, or with the wrong scope, would be told about media types instead of 401 or 403.
/// </summary>
public static class JsonBody
{
    private static readonly IReadOnlyDictionary<string, string> NoExpectations = new Dictionary<string, string>();

    /// <summary>
    /// The body as <typeparamref name="T"/> (null when there is none), or the problem to answer: 415 for a body not
    /// declared as UTF-8 JSON, 400 naming the field at fault, titled <paramref name="refusal"/>.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, string refusal, string outcome, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0)) return (null, null);
        if (JsonMediaType.Refusal(request.ContentType, outcome) is { } unsupported) return (null, unsupported);
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken), null);
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonErrors.Describe(ex, NoExpectations);
            return (null, Problems.Create(StatusCodes.Status400BadRequest, refusal, $"{field}: {message}",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } }));
        }
    }
}
