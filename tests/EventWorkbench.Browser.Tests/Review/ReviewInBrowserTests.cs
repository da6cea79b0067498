using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Review;

[Collection(SharedApp.Name)]
public sealed class ReviewInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task Queue_is_curated_from_the_keyboard_and_the_exclusion_survives_a_reload()
    {
        await using var session = await BrowserSession.StartAsync(app, "reviewer");
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/review").ToString());
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            await Expect(page.Locator("tr.review-row").First).ToBeVisibleAsync();

            await page.Keyboard.PressAsync("j");
            await page.Keyboard.PressAsync("j");
            var selected = page.Locator("tr.review-row-selected");
            await Expect(selected).ToHaveCountAsync(1);
            await Expect(page.Locator("tr.review-row").Nth(2)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("review-row-selected"));
            var proposal = (await selected.Locator("a.review-link").InnerTextAsync()).Trim();

            await page.Keyboard.PressAsync("x");
            await Expect(selected.Locator("[data-testid=verdict]")).ToHaveTextAsync("exclude");

            await page.ReloadAsync();
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            var row = page.Locator("tr.review-row", new() { Has = page.Locator("a.review-link", new() { HasText = proposal }) });
            await Expect(row.Locator("[data-testid=verdict]")).ToHaveTextAsync("exclude");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task The_first_page_arrives_rendered_and_filter_and_page_live_in_the_address()
    {
        var prerendered = await app.Pages.GetStringAsync("/review?outcome=rejected");
        prerendered.ShouldContain("class=\"review-row"); // rows in the HTML itself, before any script runs

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/review").ToString());
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);

            await page.Locator("[data-testid=filter-outcome]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Rejected" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review\\?outcome=rejected$"));
            await Expect(page.Locator("tr.review-row [data-outcome]").First).ToHaveTextAsync("rejected");
            (await page.Locator("tr.review-row [data-outcome]").AllInnerTextsAsync()).Distinct().ShouldBe(["rejected"]);
            var total = (await page.Locator("[data-testid=pager-range]").InnerTextAsync()).Split(" of ")[1];

            await page.Locator("[data-testid=next-page]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review\\?outcome=rejected&page=2$"));
            await Expect(page.Locator("[data-testid=pager-range]")).ToHaveTextAsync($"26–{total} of {total}");
            var secondPage = await page.Locator("a.review-link").AllInnerTextsAsync();

            await page.ReloadAsync();
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            (await page.Locator("a.review-link").AllInnerTextsAsync()).ShouldBe(secondPage);
            await Expect(page.Locator(".review-filters")).ToContainTextAsync("Rejected");

            await page.GoBackAsync();
            await Expect(page.Locator("[data-testid=pager-range]")).ToHaveTextAsync($"1–25 of {total}");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task Enter_opens_the_delta_view_where_j_steps_to_the_next_proposal_and_the_back_link_keeps_the_filter()
    {
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, "/review?outcome=accepted_edited&pageSize=10").ToString());
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            var links = await page.Locator("a.review-link").AllInnerTextsAsync();

            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("h1")).ToHaveTextAsync(links[0].Trim());
            await Expect(page.Locator("[data-testid=queue-position][data-keys-ready=true]")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=queue-position]")).ToContainTextAsync("1 of ");

            await page.Keyboard.PressAsync("j");
            await Expect(page.Locator("h1")).ToHaveTextAsync(links[1].Trim());
            await Expect(page.Locator("[data-testid=queue-position]")).ToContainTextAsync("2 of ");

            await page.Locator("[data-testid=back-to-queue]").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review\\?outcome=accepted_edited&pageSize=10$"));
            await Expect(page.Locator("a.review-link")).ToHaveCountAsync(links.Count);
            (await page.Locator("a.review-link").AllInnerTextsAsync()).ShouldBe(links);
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task A_proposal_whose_ids_hold_slashes_opens_from_the_queue_and_from_its_address()
    {
        var streamId = $"team-{Guid.NewGuid():N}"[..17] + "/support";
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "hi" } },
            new
            {
                type = "proposal_generated",
                data = new { proposalId = "drafts/p1", model = "gpt-x", content = "Slashes are fine.", contentType = "text", messages = new[] { new { role = "user", content = "hi" } } },
            });
        var address = $"/review/{Uri.EscapeDataString(streamId)}/{Uri.EscapeDataString("drafts/p1")}";
        (await app.Pages.GetStringAsync(address)).ShouldContain("Slashes are fine."); // the server's own rendering

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/review?text={Uri.EscapeDataString(streamId)}").ToString());
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            await page.Locator("a.review-link").First.ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync($"{streamId} / drafts/p1");
            await Expect(page.Locator("[data-testid=delta-text]").First).ToContainTextAsync("Slashes are fine.");
            page.Url.ShouldEndWith(address);
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task An_xss_payload_appended_through_the_api_shows_as_inert_text_on_its_delta_view()
    {
        var streamId = $"xss-{Guid.NewGuid():N}"[..20];
        const string ai = "Hello <script>alert('s')</script><img src=x onerror=\"alert('i')\"> [link](javascript:alert('l'))";
        const string edit = "Hello <svg onload=\"alert('v')\"></svg><iframe src=\"javascript:alert('f')\"></iframe>";
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "<b>hi</b>" } },
            new
            {
                type = "proposal_generated",
                data = new { proposalId = "p1", model = "gpt-x", content = ai, contentType = "markdown", messages = new[] { new { role = "user", content = "<script>alert('m')</script>" } } },
            },
            new { type = "proposal_edited", data = new { proposalId = "p1", editor = "<img src=x onerror=alert('e')>", content = edit, comment = "<script>alert('c')</script>" } },
            new { type = "proposal_accepted", data = new { proposalId = "p1", by = "agent" } });

        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/review/{streamId}/p1").ToString());
            await Expect(page.Locator("[data-testid=delta-text]").First).ToBeVisibleAsync();
            await page.Locator("button.mud-toggle-item", new() { HasText = "Side by side" }).ClickAsync();
            var sides = page.Locator(".delta-sides [data-testid=delta-text]");
            await Expect(sides.Nth(0)).ToHaveTextAsync(ai);
            await Expect(sides.Nth(1)).ToHaveTextAsync(edit);
            await Expect(page.Locator("[data-testid=prompt-messages]")).ToContainTextAsync("<script>alert('m')</script>");
            await Expect(page.Locator(".edit-editor")).ToHaveTextAsync("<img src=x onerror=alert('e')>");
            await page.WaitForTimeoutAsync(1000);
            (await page.Locator(".review-layout img, .review-layout svg:not(.mud-icon-root), .review-layout iframe, .review-layout script").CountAsync()).ShouldBe(0);
            dialogs.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
