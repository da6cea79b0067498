using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Projections;

/// <summary>An admin rebuilds the reviews from the projections page; a second admin, in another browser, watches it end.</summary>
[Collection(SharedApp.Name)]
public sealed class RebuildInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task A_rebuild_started_and_confirmed_in_one_browser_is_seen_done_and_in_the_history_by_a_second_browser()
    {
        await using var watcher = await BrowserSession.StartAsync(app, "admin");
        await using var starter = await BrowserSession.StartAsync(app, "admin");
        var errors = new List<string>();
        foreach (var page in new[] { watcher.Page, starter.Page })
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        var watching = watcher.Page;
        var starting = starter.Page;
        try
        {
            await watching.GotoAsync(Url("/projections"));
            await Expect(watching.Locator("[data-testid=rebuild-history]")).ToBeVisibleAsync();
            var recordsBefore = await watching.Locator("[data-testid=rebuild-record]").CountAsync();

            await starting.GotoAsync(Url("/projections"));
            await ReviewRow(starting).Locator("[data-testid=rebuild]:not([disabled])").ClickAsync();
            var dialog = starting.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync("Rebuild ProposalReview?");
            await dialog.Locator("[data-testid=confirm]").ClickAsync();
            await Expect(starting.Locator("[data-testid=projections-message]")).ToContainTextAsync("Started rebuilding ProposalReview");
            if (Environment.GetEnvironmentVariable("REBUILD_SCREENSHOT") is { Length: > 0 } path)
                await starting.ScreenshotAsync(new() { Path = path, FullPage = true });

            var watchedRow = ReviewRow(watching);
            await Expect(watchedRow.Locator("[data-testid=rebuild-figures]")).ToContainTextAsync("Done");
            await Expect(watchedRow.Locator("[data-testid=rebuild-progress] [role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
            await Expect(watching.Locator("[data-testid=rebuild-record]")).ToHaveCountAsync(recordsBefore + 1);
            await Expect(watching.Locator("[data-testid=rebuild-record]").First).ToContainTextAsync("ProposalReview");
            errors.ShouldBeEmpty();
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nPages: {watching.Url}, {starting.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    /// <summary>The figures refresh every second; the rows stay, so a keyboard user's focus (and a click on its way) stays on its button.</summary>
    [Fact]
    public async Task A_focused_rebuild_button_keeps_the_focus_while_the_figures_refresh()
    {
        await using var session = await BrowserSession.StartAsync(app, "admin");
        var page = session.Page;
        await page.GotoAsync(Url("/projections"));
        var button = ReviewRow(page).Locator("[data-testid=rebuild]:not([disabled])");
        await button.FocusAsync();
        var row = await ReviewRow(page).ElementHandleAsync();

        var highWater = ReviewRow(page).Locator("td[data-label='High-water mark']");
        var before = await highWater.InnerTextAsync();
        await app.AppendAsync($"focus-{Guid.NewGuid():N}"[..20],
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "Where is my parcel?" } });
        await Expect(highWater).Not.ToHaveTextAsync(before); // a refresh with new figures

        (await row.EvaluateAsync<bool>("row => row.isConnected")).ShouldBeTrue("the row was drawn anew");
        (await page.EvaluateAsync<string?>("document.activeElement?.dataset.testid")).ShouldBe("rebuild");
    }

    private static ILocator ReviewRow(IPage page) =>
        page.Locator("tr").Filter(new() { Has = page.Locator("[data-testid=projection-name] strong", new() { HasTextRegex = new("^ProposalReview$") }) });

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();
}
