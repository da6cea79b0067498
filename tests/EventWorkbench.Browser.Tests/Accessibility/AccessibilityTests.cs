using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>The app the accessibility check opens, beside the shared app so the two run side by side.</summary>
[CollectionDefinition(Name)]
public sealed class AccessibilityApp : ICollectionFixture<AppProcess>
{
    public const string Name = "The app with the demo data that the accessibility check opens";
}

/// <summary>
/// Every page of the app, with the demo data, has no violation of the WCAG 2.1 A and AA rules as axe-core checks them,
/// both as the server rendered it (what a reader sees before the live connection is up, and all a browser without
/// Blazor's script ever sees) and live, and once live its console holds no error. A new page joins by adding one line to
/// <see cref="AuditedPages.All"/>.
/// </summary>
[Collection(AccessibilityApp.Name)]
public sealed class AccessibilityTests(AppProcess app, SharedBrowser browser) : IClassFixture<SharedBrowser>
{
    private const string BlazorScript = "_framework/blazor.web.js";

    public static TheoryData<string> Pages => new(AuditedPages.All.Select(p => p.Name));

    /// <summary>One page load for both checks: Blazor's script is held back until the prerendered page is checked, then let in.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_wcag_21_aa_violation_prerendered_or_live(string name)
    {
        var audited = AuditedPages.Named(name);
        var address = await new DemoAddresses(app.Api).ResolveAsync(audited.Address);
        var page = await browser.NewPageAsync(app, audited.Anonymous);
        await page.RouteAsync($"**/{BlazorScript}", route => route.AbortAsync());
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, address).ToString());
            await AxeRunner.AssertNoViolationsAsync(page, $"{name} ({address}), prerendered");
            if (audited.Anonymous) return; // a plain server-rendered page: it never goes live

            var errors = ConsoleErrors.Collect(page); // from here on: the script held back above was logged as failing to load
            await page.UnrouteAsync($"**/{BlazorScript}");
            await page.AddScriptTagAsync(new() { Url = new Uri(app.BaseAddress, BlazorScript).ToString() });
            await Expect(page.Locator(AuditedPages.CircuitUp)).ToHaveCountAsync(1);
            if (audited.ReadyWhen is { } ready) await Expect(page.Locator(ready).First).ToBeAttachedAsync();
            await AxeRunner.AssertNoViolationsAsync(page, $"{name} ({address}), live");
            await Expect(page.Locator("#circuit-failed")).ToBeHiddenAsync(); // an error on close arrives after the connection opened
            errors.ShouldBeEmpty($"the browser console of {name} ({address}) once live");
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

    /// <summary>The check can fail: a page with an unnamed image and an unlabelled field breaks two rules, and both are named.</summary>
    [Fact]
    public async Task The_check_names_the_rules_a_page_breaks()
    {
        var page = await browser.NewPageAsync(app, anonymous: true);
        try
        {
            await page.SetContentAsync("<html lang='en'><head><title>Broken</title></head><body><main><h1>Broken</h1>" +
                "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><input type='text'></main></body></html>");
            var result = await AxeRunner.RunAsync(page);
            result.Violations.Select(v => v.Id).Order().ShouldBe(["image-alt", "label"]);
            result.Violations.Single(v => v.Id == "image-alt").Nodes.Single().Html.ShouldStartWith("<img");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
