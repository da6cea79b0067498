using Scalar.AspNetCore;

namespace EventWorkbench.Web.Api;

/// <summary>
/// The API reference page (Scalar) as a part of the workbench that works with no internet: Scalar's own script is
/// served by the app, and everything that would reach Scalar's services is off (the AI agent, MCP, telemetry, the
/// developer toolbar with its deploy and SDK buttons, the fonts from Scalar's CDN) or hidden (the links to Scalar's
/// hosted client and site; the built-in client that sends requests to this app stays). A bar above it leads back to
/// the workbench.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api/reference";
    public const string BackLinkId = "workbench-back-link";

    private const string Bar = $"""
        <nav class="workbench-bar" aria-label="Workbench">
          <a id="{BackLinkId}" href="/streams">&larr; Back to the workbench</a>
          <span>EventWorkbench API reference</span>
        </nav>
        """;

    // The bar takes the top of the page; Scalar's layout starts below it.
    private const string Style = """
        <style>
        .workbench-bar { position: fixed; top: 0; left: 0; right: 0; height: 40px; z-index: 1000; display: flex;
          align-items: center; gap: 16px; padding: 0 16px; box-sizing: border-box; background: #1e1e2d; color: #fff;
          font: 14px system-ui, sans-serif; }
        .workbench-bar a { color: #fff; font-weight: 600; text-decoration: none; }
        .workbench-bar a:hover, .workbench-bar a:focus { text-decoration: underline; }
        .workbench-bar span { opacity: .7; }
        body { padding-top: 40px; }
        .scalar-app { --full-height: calc(100dvh - 40px); }
        a[href*="scalar.com"] { display: none !important; }
        </style>
        """;

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("EventWorkbench API")
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .DisableDefaultFonts()
            .HideClientButton()
            .AddHeadContent(Style)
            .AddHeaderContent(Bar));
}
