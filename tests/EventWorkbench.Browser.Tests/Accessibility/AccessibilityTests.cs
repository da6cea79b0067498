using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Every page of the app, with the demo data, has no violation of the WCAG 2.1 A and AA rules as axe-core checks them.
/// A new page joins by adding one line to <see cref="AuditedPages.All"/>.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AccessibilityTests(AppProcess app, SharedBrowser browser) : IClassFixture<SharedBrowser>
{
    private const float Timeout = 30_000;
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

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
            await AssertNoViolationsAsync(page, $"{name} ({address}), live");
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

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Prerendered_page_has_no_wcag_21_aa_violation(string name)
    {
        var audited = AuditedPages.Named(name);
        var address = await new DemoAddresses(app.Api).ResolveAsync(audited.Address);
        var page = await browser.NewPageAsync(app, audited.Anonymous);
        // Without Blazor's script the page stays as the server rendered it: what a reader sees before the circuit is up.
        await page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, address).ToString());
            await AssertNoViolationsAsync(page, $"{name} ({address}), prerendered");
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
            var result = await AxeRunner.RunAsync(page, WcagTags);
            result.Violations.Select(v => v.Id).Order().ShouldBe(["image-alt", "label"]);
            result.Violations.Single(v => v.Id == "image-alt").Nodes.Single().Html.ShouldStartWith("<img");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var result = await AxeRunner.RunAsync(page, WcagTags);
        if (result.Violations.Length > 0) Assert.Fail(AxeReport.Describe(what, result.Violations));
    }
}
