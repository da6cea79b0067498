using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>
/// The API writes numbers as JSON numbers and the append endpoint reads them strictly (<c>"5"</c> is refused), but the
/// web JSON defaults the schemas are generated from also read numbers from strings, which makes every number
/// <c>integer | string</c> with a digits pattern. This keeps them numbers.
/// </summary>
public sealed class NumbersAreNumbers : IOpenApiSchemaTransformer
{
    private const JsonSchemaType Numeric = JsonSchemaType.Integer | JsonSchemaType.Number;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type & Numeric) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
