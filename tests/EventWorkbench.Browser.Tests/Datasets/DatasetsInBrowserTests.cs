using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Datasets;

[Collection(SharedApp.Name)]
public sealed class DatasetsInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task An_ml_engineer_exports_twice_with_an_edit_between_and_the_comparison_names_the_edit()
    {
        var product = $"browser-ds-{Guid.NewGuid():N}"[..24];
        var stream = $"{product}-s";
        await app.AppendAsync(stream,
            new { type = "interaction_started", data = new { channel = "chat", product, input = "Where is my parcel?" } },
            new { type = "proposal_generated", data = new { proposalId = "p1", model = "gpt-x", content = "It ships Monday.", contentType = "text", messages = new[] { new { role = "user", content = "Where is my parcel?" } } } },
            new { type = "proposal_accepted", data = new { proposalId = "p1", by = "agent.tom" } });
        await using var session = await BrowserSession.StartAsync(app, "ml-engineer");
        var page = session.Page;
        try
        {
            var exportAddress = new Uri(app.BaseAddress, $"/export?format=trl-sft&product={product}").ToString();
            await DownloadAsync(page, exportAddress);
            await app.AppendAsync(stream,
                new { type = "proposal_edited", data = new { proposalId = "p1", editor = "agent.bea", content = "It ships on Tuesday." } },
                new { type = "proposal_accepted", data = new { proposalId = "p1", by = "agent.bea" } });
            await DownloadAsync(page, exportAddress);

            await page.Locator("nav a[href=datasets]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/datasets$"));
            var mine = page.GetByTestId("dataset-row").Filter(new() { HasText = product });
            await Expect(mine).ToHaveCountAsync(2);
            await mine.Nth(0).Locator("input[type=checkbox]").CheckAsync();
            await mine.Nth(1).Locator("input[type=checkbox]").CheckAsync();
            await page.GetByTestId("compare-selected").ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/datasets\\?compare="));
            await Expect(page.GetByTestId("comparison-counts")).ToContainTextAsync("1 changed");
            var row = page.GetByTestId("comparison-row");
            await Expect(row.GetByTestId("comparison-fields")).ToContainTextAsync("It ships on Tuesday.");
            await Expect(row.GetByTestId("comparison-event").First).ToContainTextAsync("edited by agent.bea");
            (await row.GetByTestId("comparison-proposal").GetAttributeAsync("href")).ShouldBe($"review/{stream}/p1");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    private static async Task DownloadAsync(IPage page, string address)
    {
        await page.GotoAsync(address);
        await Expect(page.GetByTestId("export-line").First).ToBeVisibleAsync();
        await Downloads.ClickAsync(page, page.GetByTestId("export-download"));
    }
}
