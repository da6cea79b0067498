using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.History;

[Collection(SharedApp.Name)]
public sealed class HistoryInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task Arrow_keys_step_through_a_stream_the_address_follows_and_a_deep_link_opens_that_step()
    {
        var streamId = $"history-{Guid.NewGuid():N}"[..24];
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product = "suport", input = "Where is my parcel?" } },
            new
            {
                type = "proposal_generated",
                data = new
                {
                    proposalId = "p1", model = "gpt-x", content = "It ships tomorrow.", contentType = "text",
                    messages = new[] { new { role = "user", content = "Where is my parcel?" } },
                },
            },
            new { type = "proposal_accepted", data = new { proposalId = "p1", by = "agent.lee" } },
            new { type = "event_corrected", data = new { correctsVersion = 1, by = "ops", reason = "typo", correction = new { product = "support-replies" } } });

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var errors = ConsoleErrors.Collect(page);
        try
        {
            var address = new Uri(app.BaseAddress, $"/streams/{streamId}?version=2").ToString();
            await page.GotoAsync(address);
            var position = page.Locator("[data-testid=step-position]");
            await Expect(position).ToHaveTextAsync("v2 of 4"); // the prerendered deep link
            await Expect(page.Locator("article.event-current")).ToHaveAttributeAsync("data-version", "2");
            await Expect(page.Locator(".history-keys[data-keys-ready=true]")).ToBeAttachedAsync();

            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(page).ToHaveURLAsync(new Regex($"/streams/{streamId}\\?version=3$"));
            await Expect(position).ToHaveTextAsync("v3 of 4");
            await Expect(page.Locator("[data-testid=json-changes]")).ToContainTextAsync("$.proposals.p1.outcome");

            await page.Keyboard.PressAsync("End");
            await Expect(page).ToHaveURLAsync(new Regex("\\?version=4$"));
            await Expect(page.Locator("[data-testid=step-state]")).ToContainTextAsync("\"product\": \"support-replies\"");

            await page.Keyboard.PressAsync("Home");
            await Expect(position).ToHaveTextAsync("v1 of 4");
            await Expect(page.Locator("[data-testid=step-state]")).ToContainTextAsync("\"product\": \"suport\"");
            await Expect(page.Locator("article.event-current [data-testid=event-corrected] a")).ToHaveTextAsync("v4");

            await page.Keyboard.PressAsync("ArrowLeft"); // at the first event: nowhere to go
            await Expect(page).ToHaveURLAsync(new Regex("\\?version=1$"));

            await page.ReloadAsync(); // bookmarkable: the reload shows the same step
            await Expect(position).ToHaveTextAsync("v1 of 4");
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    /// <summary>A bookmark of a version past the end says so and shows the last event, and still says so once the page is live.</summary>
    [Fact]
    public async Task A_bookmark_past_the_end_keeps_its_message_once_the_page_is_live()
    {
        var streamId = $"past-end-{Guid.NewGuid():N}"[..25];
        await app.AppendAsync(streamId,
            [
                new { type = "interaction_started", data = new { channel = "chat", product = "support", input = "Where is my parcel?" } },
                .. Enumerable.Range(1, 7).Select(i => (object)new { type = "skill_executed", data = new { skill = $"lookup-{i}", succeeded = true } }),
            ]);

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var errors = ConsoleErrors.Collect(page);
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/streams/{streamId}?version=99").ToString());
            var position = page.Locator("[data-testid=step-position]");
            var message = page.GetByText("There is no version 99: this stream has versions 1 to 8. Showing the last event.");
            await Expect(message).ToBeVisibleAsync(); // the prerender
            await Expect(page.Locator(".history-keys[data-keys-ready=true]")).ToBeAttachedAsync();
            await Expect(message).ToBeVisibleAsync(); // live
            await Expect(position).ToHaveTextAsync("v8 of 8");
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
