namespace EventWorkbench.Web.Hosting;

/// <summary>
/// The app's icon (<c>wwwroot/favicon.svg</c>) as a link with the image inline, for the HTML the app writes outside its
/// Blazor pages: the error pages and the evidence report, which is also saved as a file and read away from the app.
/// Without a link Chromium asks for <c>/favicon.ico</c>, which the app does not serve, and logs the 404.
/// </summary>
public static class WorkbenchIcon
{
    public const string Svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#263238"/><path d="M7 9h18M7 16h12M7 23h15" stroke="#4db6ac" stroke-width="3" stroke-linecap="round"/></svg>""";

    public static readonly string Link = $"""<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,{Uri.EscapeDataString(Svg)}" />""";
}
