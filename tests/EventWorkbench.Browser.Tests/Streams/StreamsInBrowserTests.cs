using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Streams;

[Collection(SharedApp.Name)]
public sealed class StreamsInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task Streams_page_opens_a_stream_whose_page_shows_an_event_appended_through_the_api_without_a_reload()
    {
        var streamId = $"browser-{Guid.NewGuid():N}"[..24];
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "Where is my parcel?" } },
            new
            {
                type = "proposal_generated",
                data = new
                {
                    proposalId = "p1",
                    model = "gpt-x",
                    content = "It ships tomorrow.",
                    contentType = "text",
                    messages = new[] { new { role = "user", content = "Where is my parcel?" } },
                },
            });

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            // The grid: the demo data and the stream just appended, newest activity first.
            await page.GotoAsync(new Uri(app.BaseAddress, "/streams").ToString());
            var rows = page.Locator("a.stream-link");
            await Expect(rows.First).ToBeVisibleAsync();
            (await rows.CountAsync()).ShouldBeGreaterThanOrEqualTo(2, "the demo stream and the appended one");
            var link = page.Locator("a.stream-link", new() { HasText = streamId });
            await Expect(link).ToBeVisibleAsync();

            // The stream page: every event in order.
            await link.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/streams/{streamId}$"));
            var cards = page.Locator("article.event-card");
            await Expect(cards.Locator(".event-type")).ToHaveTextAsync(["interaction_started", "proposal_generated"]);
            await Expect(cards.Nth(1).Locator("pre.event-json")).ToContainTextAsync("\"content\": \"It ships tomorrow.\"");
            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync(); // the circuit is up
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            await app.AppendAsync(streamId, new { type = "proposal_accepted", data = new { proposalId = "p1", by = "agent.lee" } });

            await Expect(cards).ToHaveCountAsync(3);
            await Expect(cards.Nth(2).Locator(".event-type")).ToHaveTextAsync("proposal_accepted");
            await Expect(cards.Nth(2).Locator(".event-actor")).ToHaveTextAsync("browser");
            (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the page must not have reloaded");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task A_link_clicked_before_the_page_is_interactive_still_ends_on_the_live_page_it_leads_to()
    {
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        // Hold the first circuit back, as a slow network would: the prerendered links are there, the circuit is not.
        var held = 0;
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            if (Interlocked.Increment(ref held) == 1) await Task.Delay(2000);
            await route.ContinueAsync();
        });
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/streams").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            var link = page.Locator("a.stream-link").First;
            var streamId = await link.InnerTextAsync();
            await link.ClickAsync();

            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync(streamId);
            await Expect(page.Locator("article.event-card").First).ToBeVisibleAsync();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Theory]
    [InlineData("/streams/no-such-browser-stream", "Stream not found", "There is no stream 'no-such-browser-stream'.")]
    [InlineData("/review/no-such-stream/p1", "Proposal not found", "There is no proposal 'p1' in stream 'no-such-stream'.")]
    [InlineData("/no-such-page", "Nothing here", "This page does not exist.")]
    public async Task A_missing_page_answers_404_and_the_live_page_still_says_what_is_missing(string path, string heading, string message)
    {
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            var response = await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());

            response!.Status.ShouldBe(404);
            await Expect(page.Locator("[data-testid=not-found-heading][data-live=true]")).ToHaveTextAsync(heading);
            await Expect(page.Locator("[data-testid=not-found-message]")).ToHaveTextAsync(message);
            await Expect(page.Locator("[data-testid=not-found-back]")).ToBeVisibleAsync();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
