using Microsoft.AspNetCore.Antiforgery;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// A form post outside the API whose antiforgery token is missing or does not match (sign-in, sign-out, set-up) is
/// answered here with 400 and a page a person can read, before its endpoint runs: nothing is signed in or out and
/// nothing is written. Runs right after <c>UseAntiforgery</c>, which only records what it found.
/// </summary>
public static class RefusedForms
{
    public static IApplicationBuilder UseRefusedForms(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: false } || Api.ApiErrors.IsApi(http))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><title>Form refused · EventWorkbench</title>{WorkbenchIcon.Link}</head>
            <body>
            <main>
            <h1>This form was refused</h1>
            <p>It did not carry the security token of the page it came from (a page left open across a restart of the
            workbench, or a form sent from another site). Nothing was done. Open the page again and send the form from there.</p>
            <p><a href="/signin">Sign in</a> · <a href="/streams">Back to the workbench</a></p>
            </main>
            </body>
            </html>
            """);
    });
}
