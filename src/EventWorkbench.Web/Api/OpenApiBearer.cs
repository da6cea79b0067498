using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>Tells OpenAPI readers (and the API reference page) that the API takes bearer API keys.</summary>
public static class OpenApiBearer
{
    public const string SchemeName = "ApiKey";

    public static OpenApiOptions AddBearerApiKeys(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (configured as Api:Keys:<name>:Secret, or created on the admin page /admin/api-keys), with the scopes its endpoint needs (append, read, export, admin).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
}
