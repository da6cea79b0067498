using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EventWorkbench.Web.Features.Ingest;

/// <summary>
/// Reads an append body, or says why not: 415 for a body that is not declared as UTF-8 JSON, 413 over
/// <c>Api:MaxBodyBytes</c>, 408 when it does not arrive within <c>Api:BodyReadTimeout</c>, and 400 naming the field
/// for JSON that is broken, nests too deep, repeats a field, holds what PostgreSQL cannot store (<see cref="StorableJson"/>)
/// or does not have the shape of an <see cref="AppendRequest"/>. The whole body is read and checked before anything
/// is written.
/// </summary>
public static class AppendBody
{
    public const int MaxDepth = 64;

    // Duplicate fields are looked for after StorableJson: the parser's own check reads names as .NET strings and
    // throws on a lone surrogate in one.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["body"] = "must be a JSON object with an 'events' array",
        ["events"] = "must be an array of events",
        ["events[]"] = "must be an event object: { \"type\": \"...\", \"data\": { ... } }",
        ["events[].type"] = "must be a string",
        ["events[].headers"] = "must be an object",
        ["expectedVersion"] = "must be a whole number: 0 for a new stream, or the version the stream must be at",
        ["correlationId"] = "must be a string",
        ["causationId"] = "must be a string",
    };

    public static async Task<(AppendRequest? Request, ProblemHttpResult? Problem)> ReadAsync(
        HttpContext http, ApiOptions options, CancellationToken cancellationToken)
    {
        if (JsonMediaType.Refusal(http.Request.ContentType, "; nothing was written") is { } unsupported) return (null, unsupported);

        var limit = options.MaxBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit) return (null, TooLarge(limit));

        using var body = new MemoryStream((int)Math.Min(http.Request.ContentLength ?? 16 * 1024, limit));
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.BodyReadTimeout);
            try
            {
                await http.Request.Body.CopyToAsync(body, deadline.Token);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (null, TooLarge(limit));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var rule = $"must arrive whole within {options.BodyReadTimeout.TotalSeconds:N0} s (Api:BodyReadTimeout)";
                return (null, Problems.Create(StatusCodes.Status408RequestTimeout, "The body arrived too slowly; nothing was written",
                    $"body: {rule}", new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = [rule] } }));
            }
        }
        return Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
    }

    private static (AppendRequest?, ProblemHttpResult?) Parse(ReadOnlyMemory<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return (null, Invalid(ex));
        }
        using (document)
        {
            var errors = new ValidationErrors();
            if (!StorableJson.Check(document.RootElement, errors, "")) return (null, Problems.InvalidAppend(errors.ToDictionary()));
            if (RepeatedField(document.RootElement, "body") is { } repeated)
                return (null, Problems.InvalidAppend(new Dictionary<string, string[]> { [repeated.Path] = [$"holds the field '{repeated.Name}' twice"] }));
            try
            {
                return document.RootElement.Deserialize<AppendRequest>(EventCatalogue.Json) is { } request
                    ? (request, null)
                    : (null, Problems.InvalidAppend(new Dictionary<string, string[]> { ["body"] = [Expected["body"]] }));
            }
            catch (JsonException ex)
            {
                return (null, Invalid(ex));
            }
        }
    }

    /// <summary>The first object that holds a field twice (readers disagree on which copy counts), or null.</summary>
    private static (string Path, string Name)? RepeatedField(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (RepeatedField(item, $"{(path == "body" ? "" : path)}[{index++}]") is { } found) return found;
            }
        }
        if (element.ValueKind != JsonValueKind.Object) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Add(property.Name)) return (path, property.Name);
            if (RepeatedField(property.Value, path == "body" ? property.Name : $"{path}.{property.Name}") is { } found) return found;
        }
        return null;
    }

    private static ProblemHttpResult Invalid(JsonException ex)
    {
        var (field, message) = JsonErrors.Describe(ex, Expected);
        return Problems.InvalidAppend(new Dictionary<string, string[]> { [field] = [message] });
    }

    public static ProblemHttpResult TooLarge(long limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "The body is too large; nothing was written",
            $"Append bodies may be at most {limit:N0} bytes (Api:MaxBodyBytes); split the batch");
}
