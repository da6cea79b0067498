using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Erasure;

/// <summary>
/// An admin erases a data subject on <c>/erasure</c>; the stream page, read before (so the app keeps its history), shows
/// the subject's input as erased after. The subject is one of its own, appended through the API: erasing a demo subject
/// would change what the other tests of the shared app read.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ErasureInBrowserTests(AppProcess app)
{
    [Fact]
    public async Task An_admin_erases_a_subject_once_confirmed_and_its_stream_page_then_shows_erased()
    {
        var subject = $"browser-subject-{Guid.NewGuid():N}"[..28];
        var streamId = $"erasure-{Guid.NewGuid():N}"[..24];
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", subjectId = subject, product = "support-replies", input = "I am Ada Lovelace, 12 Byron Street" } },
            new
            {
                type = "proposal_generated",
                data = new { proposalId = "p1", model = "gpt-x", content = "Dear Ada, it ships tomorrow.", contentType = "text", messages = new[] { new { role = "user", content = "Where?" } } },
            });

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var errors = ConsoleErrors.Collect(page);
        var firstEvent = page.Locator("article.event-card[data-version='1'] pre.event-json");
        try
        {
            await page.GotoAsync(Url($"/streams/{streamId}?version=1"));
            await Expect(firstEvent).ToContainTextAsync("Ada Lovelace");

            await page.GotoAsync(Url($"/erasure?subject={subject}"));
            await Expect(page.Locator("[data-testid=preview-events]")).ToHaveTextAsync("2");
            await Expect(page.Locator("[data-testid=preview-keys]")).ToHaveTextAsync("1");
            await page.Locator("textarea[data-testid=erasure-reason], [data-testid=erasure-reason] textarea").First.FillAsync("Asked to be forgotten");
            await page.Locator("[data-testid=erase]:not([disabled])").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync($"Erase data subject {subject}?");
            await Expect(dialog).ToContainTextAsync("irreversibly");
            await dialog.Locator("[data-testid=confirm-erase]").ClickAsync();

            await Expect(page.Locator("[data-testid=erasure-message]")).ToContainTextAsync($"Erased data subject {subject}: 2 events in 1 stream");
            await Expect(page.Locator("[data-testid=erasure-record]").First).ToContainTextAsync(subject);
            await Expect(page.Locator("[data-testid=erasure-record]").First).ToContainTextAsync(AppProcess.DemoAdmin);

            await page.GotoAsync(Url($"/streams/{streamId}?version=1"));
            await Expect(firstEvent).ToContainTextAsync("[erased]");
            await Expect(firstEvent).Not.ToContainTextAsync("Ada Lovelace");
            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync(); // the circuit is up
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();
}
