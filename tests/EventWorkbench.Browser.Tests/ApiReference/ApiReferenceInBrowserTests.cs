using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.ApiReference;

[Collection(SharedApp.Name)]
public sealed class ApiReferenceInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task Api_reference_loads_everything_from_the_app_offers_nothing_that_needs_the_internet_and_leads_back_to_the_workbench()
    {
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var requests = new ConcurrentQueue<string>();
        var consoleErrors = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") consoleErrors.Enqueue(message.Text);
        };
        page.PageError += (_, error) => consoleErrors.Enqueue(error);
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/api/reference").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
            var operation = page.GetByText("Append a batch of events to a stream, atomically").First;
            await Expect(operation).ToBeVisibleAsync();
            await operation.ClickAsync();
            await Expect(page.GetByText("\"interaction_started\"").First).ToBeVisibleAsync();
            (await VisibleLinksOffTheAppAsync(page, origin)).ShouldBeEmpty("no link leads off the app");
            await page.GetByText("Test Request").First.ClickAsync(); // the built-in client, which sends to the app itself
            await Expect(page.GetByText("Request Body").First).ToBeVisibleAsync();
            (await VisibleLinksOffTheAppAsync(page, origin)).ShouldBeEmpty("no link in the client leads off the app");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            requests.ShouldNotBeEmpty();
            requests.Where(url => !url.StartsWith(origin + "/", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
                .ShouldBeEmpty("every request stays on the app's own origin");
            requests.ShouldContain(url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
            consoleErrors.ShouldBeEmpty();
            var text = await page.Locator("body").InnerTextAsync();
            foreach (var needsTheInternet in new[] { "Ask AI", "Deploy", "Generate SDK" })
                text.ShouldNotContain(needsTheInternet, Case.Insensitive);
            text.ShouldContain("Api:Keys:<name>:Secret");

            var back = page.GetByRole(AriaRole.Link, new() { Name = "Back to the workbench" });
            await Expect(back).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Escape"); // close the client
            await back.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/streams$"));
            await Expect(page.Locator("a.stream-link").First).ToBeVisibleAsync();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nConsole errors:\n{string.Join('\n', consoleErrors)}\nRequests:\n{string.Join('\n', requests)}\nApp output:\n{app.Output}", ex);
        }
    }

    private static async Task<string[]> VisibleLinksOffTheAppAsync(IPage page, string origin) =>
        await page.EvaluateAsync<string[]>(
            """
            origin => [...document.querySelectorAll('a[href]')]
                .filter(a => a.checkVisibility() && new URL(a.href, location.href).origin !== origin)
                .map(a => `${a.href} (${a.innerText.trim()})`)
            """, origin);
}
