using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Documents a JSON request body that the endpoint reads itself. <c>.Accepts&lt;T&gt;()</c> would document it too, but
/// its metadata also makes routing answer 415 for another content type before authentication runs, so a client
/// without a key would learn about media types before being told it needs a key.
/// </summary>
public static class OpenApiJsonBody
{
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var name = typeof(T).Name;
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            context.Document?.AddComponent(name, schema);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = context.Document is null ? schema : new OpenApiSchemaReference(name, context.Document) },
                },
            };
        });
}
