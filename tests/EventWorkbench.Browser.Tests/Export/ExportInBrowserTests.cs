using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Export;

[Collection(SharedApp.Name)]
public sealed class ExportInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task An_ml_engineer_previews_rows_and_counts_then_downloads_a_file_whose_first_line_has_the_formats_keys()
    {
        await using var session = await BrowserSession.StartAsync(app, "ml-engineer");
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/").ToString());
            await page.Locator("nav a[href=export]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/export$"));

            await page.GotoAsync(new Uri(app.BaseAddress, "/export?format=trl-dpo").ToString());
            await Expect(page.GetByTestId("export-line").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("export-line")).ToHaveCountAsync(5);
            await Expect(page.GetByTestId("export-counts")).ToContainTextAsync("train");
            await Expect(page.GetByTestId("export-dropped")).ToContainTextAsync("duplicates");
            var asOf = await page.GetByTestId("export-asof-value").InnerTextAsync();
            long.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

            var download = await Downloads.ClickAsync(page, page.GetByTestId("export-download"));
            download.SuggestedFilename.ShouldBe("trl-dpo.all.jsonl");
            await using var file = await download.CreateReadStreamAsync();
            using var reader = new StreamReader(file);
            var first = JsonDocument.Parse((await reader.ReadLineAsync()).ShouldNotBeNull()).RootElement;
            first.EnumerateObject().Select(p => p.Name).ShouldBe(["prompt", "chosen", "rejected"]);
            (await page.GetByTestId("export-download").GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain($"asOf={asOf}");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
