using System.Text.Json;
using System.Text.Json.Serialization;
using EventWorkbench.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Api;

/// <summary>
/// A small JSON body an endpoint reads itself, once its key has been checked. Bound as a parameter, it would make
/// routing answer 415 for another content type before authentication runs (see <see cref="OpenApiJsonBody"/>), so a
/// client without a key, or with the wrong scope, would be told about media types instead of 401 or 403.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The API's JSON rules, as strict as an append's: a field sent twice (which one would the record keep?) or one the
    /// request does not have is refused.
    /// </summary>
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        EventCatalogue.ConfigureJson(options);
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }

    /// <summary>
    /// The body as <typeparamref name="T"/> (null when there is none), or the problem to answer: 415 for a body not
    /// declared as UTF-8 JSON, 400 naming the field at fault, titled <paramref name="refusal"/>.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, string refusal, string outcome, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0)) return (null, null);
        if (JsonMediaType.Refusal(request.ContentType, outcome) is { } unsupported) return (null, unsupported);
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, cancellationToken), null);
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonErrors.Describe(ex);
            return (null, Problems.Create(StatusCodes.Status400BadRequest, refusal, $"{field}: {message}",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } }));
        }
    }
}
