using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>The app's OpenAPI document, and its component schemas as JSON Schema 2020-12 to validate bodies with.</summary>
public sealed class OpenApiSchemas
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private OpenApiSchemas(string text) => (Text, Document) = (text, JsonNode.Parse(text)!.AsObject());

    public string Text { get; }

    public JsonObject Document { get; }

    public JsonObject Schemas => Document["components"]!["schemas"]!.AsObject();

    public static async Task<OpenApiSchemas> LoadAsync(HttpClient client) =>
        new(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

    public JsonObject Schema(string name) => Schemas[name]?.AsObject() ?? throw new ShouldAssertException($"No schema {name} in the document");

    /// <summary>The component a <c>$ref</c> names, e.g. <c>InteractionStarted</c> for <c>#/components/schemas/InteractionStarted</c>.</summary>
    public static string Referenced(JsonNode? schema)
    {
        var reference = schema?["$ref"]?.GetValue<string>() ?? throw new ShouldAssertException($"{schema?.ToJsonString()} is not a $ref");
        reference.ShouldStartWith(ComponentsPrefix);
        return reference[ComponentsPrefix.Length..];
    }

    /// <summary>What is wrong with <paramref name="instance"/> by the component schema <paramref name="name"/>; empty when valid.</summary>
    public IReadOnlyList<string> Errors(string name, JsonNode instance)
    {
        // The components become $defs of one JSON Schema 2020-12 document, so an ordinary validator resolves the $refs.
        var definitions = Schemas.ToJsonString().Replace($"\"{ComponentsPrefix}", "\"#/$defs/", StringComparison.Ordinal);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = JsonNode.Parse(definitions),
            ["$ref"] = $"#/$defs/{name}",
        };
        var schema = JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"urn:uuid:{Guid.NewGuid()}"));
        using var parsed = JsonDocument.Parse(instance.ToJsonString());
        var results = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return [.. (results.Details ?? []).Append(results)
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key} {error.Value}"))];
    }
}
