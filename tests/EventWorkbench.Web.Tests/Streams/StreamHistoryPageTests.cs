using AngleSharp.Dom;
using Bunit;
using EventWorkbench.Web.Features.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>The stream page as a history: the step in the address, the state and its changes, corrections, pages of events.</summary>
public sealed class StreamHistoryPageTests(StreamsDatabase database) : StreamsTestContext(database), IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_version_in_the_address_shows_that_step_its_event_and_what_it_changed_in_the_state()
    {
        var page = RenderStream(SeedStreams.Support, "3");

        page.Find("[data-testid=step-position]").TextContent.ShouldBe("v3 of 6");
        page.FindAll("article.event-current").Select(c => c.GetAttribute("data-version")).ShouldBe(["3"]);
        page.Find("article.event-current").GetAttribute("aria-current").ShouldBe("step");
        var panel = page.Find("[data-testid=step-panel]");
        panel.GetAttribute("data-version").ShouldBe("3");
        var changes = Changes(page);
        changes.ShouldContain(("$.proposals.p1.edits[0]", "added"));
        changes.ShouldContain(("$.proposals.p1.finalContent", "added")); // none before the edit
        changes.ShouldContain(("$.summary.eventCount", "changed"));
        page.Find("[data-testid=step-state]").TextContent.ShouldContain("\"content\": \"It ships on Thursday.\"");
        page.Find("[data-testid=step-state]").TextContent.ShouldNotContain("\"p2\""); // not generated yet at v3
    }

    [Fact]
    public void Without_a_version_the_last_step_is_shown_and_every_card_links_to_its_own_step()
    {
        var page = RenderStream(SeedStreams.Support);

        page.Find("[data-testid=step-position]").TextContent.ShouldBe("v6 of 6");
        page.Find("article.event-current").GetAttribute("data-version").ShouldBe("6");
        page.FindAll("a.event-version").Select(a => a.GetAttribute("href"))
            .ShouldBe(Enumerable.Range(1, 6).Select(v => $"streams/{SeedStreams.Support}?version={v}"));
        page.FindAll("[data-testid=event-pages]").ShouldBeEmpty(); // one page: no paging
    }

    [Theory]
    [InlineData("99", "There is no version 99: this stream has versions 1 to 6. Showing the last event.")]
    [InlineData("two", "The address asks for version 'two', which is not a version (a whole number from 1): showing the last event.")]
    [InlineData("0", "The address asks for version '0', which is not a version (a whole number from 1): showing the last event.")]
    public void A_version_the_stream_does_not_have_says_so_and_shows_the_last(string version, string message)
    {
        var page = RenderStream(SeedStreams.Support, version);

        page.Find("[data-testid=step-message]").TextContent.Trim().ShouldBe(message);
        page.Find("[data-testid=step-position]").TextContent.ShouldBe("v6 of 6");
    }

    [Fact]
    public async Task A_corrected_event_is_marked_and_linked_to_its_correction_which_changes_the_state_from_its_own_step()
    {
        var stream = $"corrected-{Guid.NewGuid():N}";
        await SeedStreams.Append(Database.Appender, stream, "support-bot", "corr-c",
            SeedStreams.Started("suport-typo", "Where is it?"),
            SeedStreams.Proposal("p1", "Tomorow."),
            SeedStreams.Event("event_corrected", new { correctsVersion = 1, by = "ops", reason = "typo", correction = new { product = "support-replies" } }));

        var before = RenderStream(stream, "2");
        var corrected = before.FindAll("article.event-card")[0];
        corrected.QuerySelector("[data-testid=event-corrected]")!.TextContent.ShouldContain("Corrected by");
        corrected.QuerySelector("a.event-correction-link")!.GetAttribute("href").ShouldBe($"streams/{stream}?version=3");
        before.FindAll("article.event-card")[2].QuerySelector("[data-testid=event-corrects] a")!.GetAttribute("href")
            .ShouldBe($"streams/{stream}?version=1");
        before.Find("[data-testid=step-state]").TextContent.ShouldContain("\"product\": \"suport-typo\"");

        var at = RenderStream(stream, "3");
        Changes(at).ShouldContain(("$.summary.product", "changed"));
        Changes(at).ShouldContain(("$.proposals.p1.product", "changed"));
        at.Find("[data-testid=step-state]").TextContent.ShouldContain("\"product\": \"support-replies\"");
    }

    [Fact]
    public async Task A_long_stream_shows_only_the_page_of_events_holding_the_step()
    {
        var stream = $"long-{Guid.NewGuid():N}";
        var events = new List<EventWorkbench.Ingest.EventEnvelope> { SeedStreams.Started("support-replies", "Long one") };
        events.AddRange(Enumerable.Range(1, 119).Select(i => SeedStreams.Event("skill_executed", new { skill = $"lookup-{i}", succeeded = true })));
        await SeedStreams.Append(Database.Appender, stream, "support-bot", "corr-long", [.. events]);

        var page = RenderStream(stream, "70");

        page.FindAll("article.event-card").Select(c => c.GetAttribute("data-version"))
            .ShouldBe(Enumerable.Range(51, 50).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        page.FindAll("[data-testid=event-pages]")[0].TextContent.ShouldContain("Events 51–100 of 120 (page 2 of 3)");
        page.FindAll("[data-testid=earlier-events]")[0].GetAttribute("href").ShouldBe($"streams/{stream}?version=50");
        page.FindAll("[data-testid=later-events]")[0].GetAttribute("href").ShouldBe($"streams/{stream}?version=101");
        page.Find("[data-testid=stream-event-count]").TextContent.ShouldBe("120");
        Changes(page).ShouldContain(("$.summary.eventCount", "changed"));
        Changes(page).ShouldAllBe(change => change.Path.StartsWith("$.summary.", StringComparison.Ordinal)); // a skill concerns no proposal
    }

    [Fact]
    public async Task The_state_shows_the_proposals_the_event_concerns_and_the_others_on_request()
    {
        var stream = $"many-{Guid.NewGuid():N}";
        await SeedStreams.Append(Database.Appender, stream, "support-bot", "corr-many",
            SeedStreams.Started("support-replies", "Three answers"),
            SeedStreams.Proposal("p1", "First."),
            SeedStreams.Proposal("p2", "Second."),
            SeedStreams.Proposal("p3", "Third."),
            SeedStreams.Event("proposal_edited", new { proposalId = "p2", editor = "ana", content = "Second, edited." }));

        var page = RenderStream(stream, "5");

        Changes(page).ShouldContain(("$.proposals.p2.edits[0]", "added"));
        Changes(page).ShouldAllBe(change => !change.Path.Contains("p1", StringComparison.Ordinal) && !change.Path.Contains("p3", StringComparison.Ordinal));
        page.Find("[data-testid=step-state-scope]").TextContent.ShouldContain("2 other proposals unchanged by it");
        page.Find("[data-testid=step-state]").TextContent.ShouldContain("\"content\": \"Second, edited.\"");
        page.Find("[data-testid=step-state]").TextContent.ShouldNotContain("\"First.\"");

        page.Find("[data-testid=step-state-all]").Click();

        // The click renders again once its handler has run, which a loaded machine can delay.
        page.WaitForAssertion(() => page.Find("[data-testid=step-state]").TextContent.ShouldContain("\"First.\""), Wait);
        page.Find("[data-testid=step-state]").TextContent.ShouldContain("\"Third.\"");
        page.Find("[data-testid=step-state-scope]").TextContent.ShouldContain("Every proposal, 2 of them not concerned by this event.");
    }

    [Fact]
    public async Task Arrow_keys_Home_and_End_step_through_the_address()
    {
        var page = RenderStream(SeedStreams.Support, "3");
        var navigation = Services.GetRequiredService<NavigationManager>();

        foreach (var (key, version) in new[] { ("ArrowRight", "4"), ("ArrowRight", "5"), ("ArrowLeft", "4"), ("End", "6"), ("Home", "1") })
        {
            await page.Instance.OnKey(key);
            navigation.Uri.ShouldEndWith($"/streams/{SeedStreams.Support}?version={version}", Case.Sensitive, key);
            page.WaitForAssertion(() => page.Find("[data-testid=step-position]").TextContent.ShouldBe($"v{version} of 6"), Wait);
        }
        await page.Instance.OnKey("Home"); // at the first version already: nowhere to go
        navigation.Uri.ShouldEndWith("?version=1");
    }

    [Fact]
    public void Stepping_to_another_version_in_the_address_shows_that_step()
    {
        var page = RenderStream(SeedStreams.Support, "3");

        Services.GetRequiredService<NavigationManager>().NavigateTo(StreamPage.HrefFor(SeedStreams.Support, 5));

        page.WaitForAssertion(() => page.Find("[data-testid=step-position]").TextContent.ShouldBe("v5 of 6"), Wait);
        page.Find("article.event-current").GetAttribute("data-version").ShouldBe("5");
        Changes(page).ShouldContain(("$.proposals.p2", "added"));
    }

    private IRenderedComponent<StreamPage> RenderStream(string streamId, string? version = null)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(version is null ? StreamPage.HrefFor(streamId) : $"{StreamPage.HrefFor(streamId)}?version={Uri.EscapeDataString(version)}");
        var page = Render<StreamPage>(p => p.Add(x => x.StreamId, streamId));
        page.WaitForAssertion(() => page.FindAll(".mud-progress-linear").ShouldBeEmpty(), Wait);
        return page;
    }

    private static List<(string Path, string Kind)> Changes(IRenderedComponent<StreamPage> page) =>
        page.FindAll("[data-testid=json-changes] tbody tr")
            .Select(row => (row.Children[0].TextContent, row.Children[1].TextContent))
            .ToList();
}
