using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Every page of the app as the server rendered it, before its circuit is up (what a reader sees first, and all a
/// browser without Blazor's script ever sees), has no violation of the WCAG 2.1 A and AA rules as axe-core checks them.
/// </summary>
[Collection(AccessibilityApps.Prerendered)]
public sealed class PrerenderedPageAccessibilityTests(AppProcess app, SharedBrowser browser) : IClassFixture<SharedBrowser>
{
    public static TheoryData<string> Pages => new(AuditedPages.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Prerendered_page_has_no_wcag_21_aa_violation(string name)
    {
        var audited = AuditedPages.Named(name);
        var address = await new DemoAddresses(app.Api).ResolveAsync(audited.Address);
        var page = await browser.NewPageAsync(app, audited.Anonymous);
        // Without Blazor's script the page stays as the server rendered it.
        await page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, address).ToString());
            await AxeRunner.AssertNoViolationsAsync(page, $"{name} ({address}), prerendered");
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
