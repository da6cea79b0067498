using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Features.Datasets;
using EventWorkbench.Web.Features.Demo;
using EventWorkbench.Web.Features.Erasure;
using EventWorkbench.Web.Features.Evidence;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Features.Ingest;
using EventWorkbench.Web.Features.Projections;
using EventWorkbench.Web.Features.Review;
using EventWorkbench.Web.Features.Search;
using EventWorkbench.Web.Features.Dashboards;
using EventWorkbench.Web.Features.Seals;
using EventWorkbench.Web.Features.Streams;
using EventWorkbench.Web.Features.Why;
using EventWorkbench.Web.Hosting;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EventWorkbench.Web;

/// <summary>Composes the workbench: the event store, the API, the Blazor pages. Tests host the same app.</summary>
public static class WorkbenchHost
{
    /// <summary>A command for Marten's command line (help, db-apply, projections, ...): a first argument that is no --setting.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <summary>Commands that are not the web app itself (db-apply, projections, ...) run as the schema owner.</summary>
    private static bool IsAdministrativeCommand(string[] args) =>
        IsCommand(args) && !string.Equals(args[0], "run", StringComparison.OrdinalIgnoreCase);

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WorkbenchHost).Assembly.GetName().Name,
        });
        if (IsCommand(args)) CommandLineExtensions.Apply(builder.Host);
        StartFailureReports.AddTo(builder);
        configure?.Invoke(builder);
        builder.WithoutStaticAssetsFallback(); // last, so no setting brings it back: HEAD on the API gets 405, not 404
        builder.AddWorkbenchSecurityHeaders();
        builder.AddRequestLimits();

        builder.AddEventStore(asAdministrator: IsAdministrativeCommand(args));
        // Each feature registers itself in one place; the component tests call the same methods.
        builder.Services.AddIngest(builder.Configuration);
        builder.Services.AddStreams(builder.Configuration);
        builder.Services.AddEventSearch();
        builder.Services.AddDashboards();
        builder.Services.AddReview();
        builder.Services.AddDemo(builder.Configuration);
        builder.Services.AddWorkbenchPages();
        builder.Services.AddExport();
        builder.Services.AddDatasets();
        builder.Services.AddWhy();
        builder.Services.AddEvidence();
        builder.Services.AddSeals(builder.Configuration);
        builder.Services.AddProjections();
        builder.Services.AddShadowRebuilds();
        builder.Services.AddErasure();

        builder.Services.AddApiKeyAuthentication();
        builder.AddAccess(); // after the API keys: the sign-in cookie for pages, the key for the API
        builder.AddWorkbenchRateLimits();
        builder.Services.AddProblemDetails();
        // A query value that does not bind throws, so ApiErrors can answer 400 naming the parameter (in every environment).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json => EventCatalogue.ConfigureJson(json.SerializerOptions));
        builder.Services.AddOpenApi(options => options.AddBearerApiKeys().AddEventSchemas());

        // A live page's error reaches the browser in detail in Development only, whatever `DetailedErrors` says elsewhere.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(circuit => circuit.DetailedErrors = builder.Environment.IsDevelopment());

        var app = builder.Build();
        app.UseSecurityHeaders(); // first, so every answer carries them: errors, static files, the API
        app.UseRequestLimits();
        if (!app.Environment.IsDevelopment()) app.UseUnhandledErrors();
        app.UseStatusPages();
        app.UseApiErrors();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: API limits go by the key's name
        app.UseAuthorization();
        app.UseQueryStringRules();
        app.UseAntiforgery();
        app.UseRefusedForms();

        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapApiReference().WithSecurityHeadersPolicy(SecurityHeaders.ApiReferencePolicy);
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReport.WriteAsync });
        app.MapIngestEndpoints();
        app.MapStreamEndpoints();
        app.MapEventSearchEndpoints();
        app.MapReviewEndpoints();
        app.MapExportEndpoints();
        app.MapDatasetsEndpoints();
        app.MapWhyEndpoints();
        app.MapEvidenceEndpoints();
        app.MapSealsEndpoints();
        app.MapProjectionEndpoints();
        app.MapShadowEndpoints();
        app.MapErasureEndpoints();
        app.MapCircuitProblemReports();
        app.MapSignOut();
        app.MapExternalSignIn(app.Services.GetRequiredService<ExternalSignInOptions>());
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AnswerHead();
        return app;
    }
}
