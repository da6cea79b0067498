using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.History;

[Collection(SharedApp.Name)]
public sealed class EventSearchInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task Search_filters_pages_opens_a_hit_at_its_version_and_announces_a_new_match()
    {
        var token = $"find{Guid.NewGuid():N}"[..14];
        for (var i = 0; i < 3; i++) await StartAsync($"search-{token}-{i}", $"Parcel {token} number {i}");

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var errors = ConsoleErrors.Collect(page);
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/events?text={token.ToUpperInvariant()}&pageSize=10").ToString());
            var hits = page.Locator("[data-testid=event-hit] a.stream-link");
            await Expect(hits).ToHaveTextAsync([$"search-{token}-2", $"search-{token}-1", $"search-{token}-0"]);
            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync();

            // The type filter narrows; the address keeps it.
            await page.GotoAsync(new Uri(app.BaseAddress, $"/events?text={token}&type=interaction_started&pageSize=10").ToString());
            await Expect(hits).ToHaveCountAsync(3);
            await page.GotoAsync(new Uri(app.BaseAddress, $"/events?text={token}&type=proposal_generated&pageSize=10").ToString());
            await Expect(page.Locator("[data-testid=events-empty]")).ToContainTextAsync("No event matches");

            await page.GotoAsync(new Uri(app.BaseAddress, $"/events?text={token}&pageSize=10").ToString());
            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync();

            await StartAsync($"search-{token}-new", $"Late parcel {token}");
            var bar = page.Locator("[data-testid=new-events]");
            await Expect(bar).ToContainTextAsync("1 new event matches");
            await Expect(hits).ToHaveCountAsync(3);
            await page.Locator("[data-testid=show-new-events]").ClickAsync();
            await Expect(hits.First).ToHaveTextAsync($"search-{token}-new");
            await Expect(hits).ToHaveCountAsync(4);

            await hits.Nth(1).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/streams/search-{token}-2\\?version=1$"));
            await Expect(page.Locator("[data-testid=step-position]")).ToHaveTextAsync("v1 of 1");
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task Paging_moves_older_and_newer_without_repeating_or_skipping_a_hit()
    {
        var token = $"page{Guid.NewGuid():N}"[..14];
        for (var i = 0; i < 5; i++) await StartAsync($"paging-{token}-{i}", $"Paged {token} {i}");

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            var hits = page.Locator("[data-testid=event-hit] a.stream-link");
            await page.GotoAsync(new Uri(app.BaseAddress, $"/events?text={token}&pageSize=2").ToString());
            await Expect(hits).ToHaveTextAsync([$"paging-{token}-4", $"paging-{token}-3"]);
            await Expect(page.Locator(".live-badge")).ToBeVisibleAsync();
            await page.Locator("[data-testid=next-page]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("before=\\d+"));
            await Expect(hits).ToHaveTextAsync([$"paging-{token}-2", $"paging-{token}-1"]);
            await page.Locator("[data-testid=next-page]").ClickAsync();
            await Expect(hits).ToHaveTextAsync([$"paging-{token}-0"]);
            await page.Locator("[data-testid=previous-page]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("after=\\d+"));
            await Expect(hits).ToHaveTextAsync([$"paging-{token}-2", $"paging-{token}-1"]);
            await page.ReloadAsync(); // the place is in the address
            await Expect(hits).ToHaveTextAsync([$"paging-{token}-2", $"paging-{token}-1"]);
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    private async Task StartAsync(string streamId, string input)
    {
        using var response = await app.Api.PostAsJsonAsync($"/api/streams/{Uri.EscapeDataString(streamId)}/events",
            new { events = new[] { new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input } } } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
