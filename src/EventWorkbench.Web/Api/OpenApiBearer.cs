using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>Tells OpenAPI readers (and the API reference page) that the API takes bearer API keys.</summary>
public static class OpenApiBearer
{
    public const string SchemeName = "ApiKey";

    // Markdown: the reference page renders it, and code spans keep <name> visible.
    public const string Description =
        "An API key, sent as `Authorization: Bearer <secret>`. Keys are configured as `Api:Keys:<name>:Secret` " +
        "with their scopes in `Api:Keys:<name>:Scopes` (`append`, `read`, `export`, `audit`, `admin`; `admin` implies all), " +
        "for example `Api__Keys__ci__Secret=s3cret Api__Keys__ci__Scopes__0=append` in the environment. " +
        "`<name>` is recorded as the actor of what the key appends. An admin can also create keys on the page `/admin/api-keys`.";

    public static OpenApiOptions AddBearerApiKeys(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = Description,
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
}
