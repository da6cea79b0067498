using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Every page of the app, live (its circuit up and what it shows loaded), with the demo data, has no violation of the
/// WCAG 2.1 A and AA rules as axe-core checks them. A new page joins by adding one line to <see cref="AuditedPages.All"/>.
/// </summary>
[Collection(AccessibilityApps.Live)]
public sealed class LivePageAccessibilityTests(AppProcess app, SharedBrowser browser) : IClassFixture<SharedBrowser>
{
    private const float Timeout = 30_000;

    public static TheoryData<string> Pages => new(AuditedPages.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Live_page_has_no_wcag_21_aa_violation(string name)
    {
        var audited = AuditedPages.Named(name);
        var address = await new DemoAddresses(app.Api).ResolveAsync(audited.Address);
        var page = await browser.NewPageAsync(app, audited.Anonymous);
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, address).ToString());
            if (!audited.Anonymous) await Expect(page.Locator(AuditedPages.CircuitUp)).ToHaveCountAsync(1, new() { Timeout = Timeout });
            if (audited.ReadyWhen is { } ready) await Expect(page.Locator(ready).First).ToBeAttachedAsync(new() { Timeout = Timeout });
            await AxeRunner.AssertNoViolationsAsync(page, $"{name} ({address}), live");
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
