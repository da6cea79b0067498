using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Review;

/// <summary>How the delta view looks in Chromium: content laid out by type, whole rewrites, ids on one line, ratings and labels in words.</summary>
[Collection(SharedApp.Name)]
public sealed class ReviewReadingInBrowserTests(AppProcess app)
{
    private const string LongModel = "llama-3.1-70b-instruct-extended-context-preview";

    [Fact]
    public async Task Code_keeps_its_tabs_and_lines_in_a_monospaced_view()
    {
        const string ai = "def total(rows):\n\tsum = 0\n\tfor r in rows:\n\t\tsum += r.amount\n\treturn sum\n";
        const string edit = "def total(rows):\n\tsum = 0\n\tfor r in rows:\n\t\tsum += r.amount_cents\n\treturn sum\n";
        var streamId = await ProposalAsync("code", ai, edit, accepted: true);

        await WithPageAsync(streamId, async page =>
        {
            var delta = page.Locator("[data-testid=delta-text]").First;
            var style = await delta.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.fontFamily, s.whiteSpace, s.tabSize]; }");
            style[0].ShouldContain("monospace");
            (style[1], style[2]).ShouldBe(("pre-wrap", "4"));
            (await delta.InnerTextAsync()).ShouldContain("\t\tsum += r.");
            var lineHeight = await delta.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight)");
            ((double)(await delta.BoundingBoxAsync())!.Height).ShouldBeGreaterThan(5 * lineHeight); // five lines, not one run of text
        });
    }

    [Fact]
    public async Task A_rewritten_word_is_highlighted_whole_and_a_typo_only_in_its_changed_letters()
    {
        var streamId = await ProposalAsync("text", "Either party may terminate this Agreement on written notise.",
            "The Customer may terminate this Agreement on written notice.", accepted: true);

        await WithPageAsync(streamId, async page =>
        {
            var delta = page.Locator("[data-testid=delta-text]").First;
            (await delta.Locator("del .delta-char").AllInnerTextsAsync()).ShouldBe(["Either party", "s"]);
            (await delta.Locator("ins .delta-char").AllInnerTextsAsync()).ShouldBe(["The Customer", "c"]);
            await Expect(delta.Locator("del", new() { HasText = "Either party" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Json_reads_one_value_per_line_above_its_changes_by_path()
    {
        var streamId = await ProposalAsync("json", """{"term":"36 months","fees":{"annual":221000,"currency":"EUR"},"autoRenewal":true}""",
            """{"term":"24 months","fees":{"annual":221000,"currency":"EUR"},"autoRenewal":false}""", accepted: true);

        await WithPageAsync(streamId, async page =>
        {
            var lines = (await page.Locator("[data-testid=delta-text]").First.InnerTextAsync()).Split('\n');
            lines.ShouldContain("  \"fees\": {");
            lines.ShouldContain("    \"annual\": 221000,");
            lines.Length.ShouldBeGreaterThanOrEqualTo(8);
            await Expect(page.Locator("[data-testid=json-changes] tbody tr")).ToHaveCountAsync(2);
        });
    }

    [Fact]
    public async Task A_rejected_proposal_shows_its_whole_text_and_says_there_is_no_human_version()
    {
        var clause = string.Join(" ", Enumerable.Range(1, 40).Select(n => $"word{n}"));
        var streamId = await ProposalAsync("text", clause, edit: null, accepted: false);

        await WithPageAsync(streamId, async page =>
        {
            await Expect(page.Locator("[data-testid=no-human-version]")).ToContainTextAsync("There is no human version");
            await Expect(page.Locator("[data-testid=delta-text]")).ToHaveTextAsync(clause);
            await Expect(page.Locator(".delta-collapsed")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Ids_and_model_names_stay_on_one_line_with_the_full_value_in_their_title()
    {
        var streamId = await ProposalAsync("text", "Short.", "Short, edited.", accepted: true, feedback: -1);

        await WithPageAsync(streamId, async page =>
        {
            var model = page.Locator("[data-testid=fact-model] .review-token").First;
            await Expect(model).ToHaveAttributeAsync("title", LongModel);
            var measured = await model.EvaluateAsync<double[]>(
                "e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight), e.scrollWidth - e.clientWidth]");
            measured[0].ShouldBeLessThan(measured[1] * 1.5); // one line
            measured[2].ShouldBeGreaterThan(0); // too long for the column: cut with an ellipsis, the title holds it all
            (await model.EvaluateAsync<string>("e => getComputedStyle(e).textOverflow")).ShouldBe("ellipsis");
            foreach (var token in await page.Locator("h1 .review-token").AllAsync())
            {
                var box = (await token.BoundingBoxAsync())!;
                ((double)box.Height).ShouldBeLessThan(2 * await token.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight) || 20"));
            }
            var rating = page.Locator("[data-testid=fact-feedback] [data-testid=feedback-rating]");
            await Expect(rating).ToHaveTextAsync("Thumbs down");
            await Expect(rating.Locator("svg")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Queue_rows_keep_ids_and_model_names_on_one_line_with_the_full_value_in_their_title()
    {
        var streamId = await ProposalAsync("text", "Short.", "Short, edited.", accepted: true);

        await using var session = await BrowserSession.StartAsync(app, "reviewer");
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/review?text={streamId}").ToString());
            var row = page.Locator("tr.review-row").First;
            await Expect(row.Locator("a.review-link")).ToHaveTextAsync($"{streamId} / p1");
            var model = row.Locator(".review-token", new() { HasText = "llama" });
            await Expect(model).ToHaveAttributeAsync("title", LongModel);
            foreach (var token in await row.Locator(".review-token").AllAsync())
            {
                var measured = await token.EvaluateAsync<double[]>("e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight) || 20]");
                measured[0].ShouldBeLessThan(measured[1] * 1.5, await token.InnerTextAsync()); // one line each: never broken at a hyphen
            }
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task A_label_saved_on_the_delta_view_shows_as_the_current_label_with_who_set_it()
    {
        var streamId = await ProposalAsync("text", "Refund issued today.", "Refund issued today!", accepted: true);

        await WithPageAsync(streamId, async page =>
        {
            await Expect(page.Locator("[data-testid=curation-current]")).ToContainTextAsync("Not curated yet");
            await page.Locator("[data-testid=curate-include]").ClickAsync();
            await page.Locator("input[data-testid=curate-tags], [data-testid=curate-tags] input").First.FillAsync("tone, sft");
            await page.Locator("[data-testid=curate-save]").ClickAsync();

            var current = page.Locator("[data-testid=curation-current]");
            await Expect(current.Locator(".verdict")).ToHaveTextAsync("include");
            await Expect(current.Locator(".curation-tag")).ToHaveTextAsync(["tone", "sft"]);
            await Expect(current.Locator("[data-testid=curation-set-by]")).ToContainTextAsync("set by reviewer"); // the signed-in person
            await page.ReloadAsync();
            await Expect(page.Locator("[data-testid=curation-current] .verdict")).ToHaveTextAsync("include");
        });
    }

    private async Task WithPageAsync(string streamId, Func<IPage, Task> check)
    {
        await using var session = await BrowserSession.StartAsync(app, "reviewer");
        var page = session.Page;
        try
        {
            await page.GotoAsync(new Uri(app.BaseAddress, $"/review/{streamId}/p1").ToString());
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            await check(page);
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    /// <summary>A new stream with one proposal p1, optionally edited, then accepted or rejected, optionally rated.</summary>
    private async Task<string> ProposalAsync(string contentType, string ai, string? edit, bool accepted, int? feedback = null)
    {
        var streamId = $"read-{Guid.NewGuid():N}"[..21];
        var events = new List<object>
        {
            new { type = "interaction_started", data = new { channel = "chat", product = "contract-drafting", input = "draft" } },
            new
            {
                type = "proposal_generated",
                data = new { proposalId = "p1", model = LongModel, modelVersion = "2024-07-23", content = ai, contentType, messages = new[] { new { role = "user", content = "draft" } } },
            },
        };
        if (edit is not null) events.Add(new { type = "proposal_edited", data = new { proposalId = "p1", editor = "agent.ana", content = edit } });
        events.Add(new { type = accepted ? "proposal_accepted" : "proposal_rejected", data = new { proposalId = "p1", by = "agent.ana" } });
        if (feedback is { } rating) events.Add(new { type = "feedback_given", data = new { proposalId = "p1", by = "customer", rating } });
        using var response = await app.Api.PostAsJsonAsync($"/api/streams/{streamId}/events", new { events });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return streamId;
    }
}
