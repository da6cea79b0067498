using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>
/// A query parameter as the OpenAPI document describes it. The list endpoints take their query values as text and read
/// them with <see cref="QueryText"/> (so a bad value is a 400 that names it); the document still shows each one's
/// wire name, type and, for the enum-like ones, the values it takes.
/// </summary>
public sealed record QueryParameter(string Name, Func<OpenApiSchema> Schema)
{
    public static QueryParameter Text(string name) => new(name, () => new OpenApiSchema { Type = JsonSchemaType.String });

    public static QueryParameter WholeNumber(string name) => new(name, () => new OpenApiSchema { Type = JsonSchemaType.Integer });

    public static QueryParameter Number(string name) => new(name, () => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" });

    public static QueryParameter Flag(string name) => new(name, () => new OpenApiSchema { Type = JsonSchemaType.Boolean });

    public static QueryParameter Instant(string name) => new(name, () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });

    public static QueryParameter OneOf<T>(string name) where T : struct, Enum =>
        new(name, () => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. QueryText.Names<T>().Select(value => (JsonNode)JsonValue.Create(value))] });
}

public static class QueryDocs
{
    /// <summary>Describes the endpoint's query parameters of these names (matched ignoring case, as binding does).</summary>
    public static TBuilder DescribeQuery<TBuilder>(this TBuilder builder, params QueryParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
            {
                if (parameters.FirstOrDefault(known => string.Equals(known.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)) is not { } known) continue;
                parameter.Name = known.Name;
                parameter.Schema = known.Schema();
            }
            return Task.CompletedTask;
        });
}
