using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Projections;

/// <summary>An admin rebuilds the reviews into a shadow over the demo data and sees that a rebuild would change nothing.</summary>
[Collection(SharedApp.Name)]
public sealed class ShadowInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task An_admin_builds_a_shadow_of_the_reviews_sees_no_changes_and_discards_it()
    {
        await using var admin = await BrowserSession.StartAsync(app, "admin");
        var page = admin.Page;
        var errors = ConsoleErrors.Collect(page);
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/projections/ProposalReview/shadow").ToString());
            await page.Locator("[data-testid=shadow-build]:not([disabled])").ClickAsync();

            await Expect(page.Locator("[data-testid=shadow-no-changes]")).ToContainTextAsync("No changes");
            if (Environment.GetEnvironmentVariable("SHADOW_SCREENSHOT") is { Length: > 0 } path)
                await page.ScreenshotAsync(new() { Path = path, FullPage = true });

            await page.Locator("[data-testid=shadow-discard]:not([disabled])").ClickAsync();
            await Expect(page.Locator("[data-testid=shadow-message]")).ToContainTextAsync("Discarded");
            errors.ShouldBeEmpty();
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
