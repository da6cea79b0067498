using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Streams;

public sealed class StreamPageTests(StreamsDatabase database) : StreamsTestContext(database), IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public void Stream_page_lists_every_event_in_order_with_type_time_actor_correlation_and_json()
    {
        var page = RenderStream(SeedStreams.Support);

        var cards = page.FindAll("article.event-card");
        cards.Select(c => c.GetAttribute("data-version")).ShouldBe(["1", "2", "3", "4", "5", "6"]);
        cards.Select(c => Text(c, ".event-type")).ShouldBe(
            ["interaction_started", "proposal_generated", "proposal_edited", "proposal_accepted", "proposal_generated", "proposal_rejected"]);
        cards.ShouldAllBe(c => Text(c, ".event-actor") == "support-bot");
        cards.ShouldAllBe(c => Text(c, ".event-correlation") == "corr-support");
        cards.ShouldAllBe(c => Text(c, ".event-causation") == "cause-1");
        cards.ShouldAllBe(c => Text(c, ".event-source") == "api");
        cards.ShouldAllBe(c => Text(c, ".event-time").EndsWith(" UTC", StringComparison.Ordinal));

        var edited = Json(cards[2]);
        edited.GetProperty("editor").GetString().ShouldBe("agent.tom");
        edited.GetProperty("content").GetString().ShouldBe("It ships on Thursday.");
        cards[2].QuerySelector("pre.event-json")!.TextContent.ShouldContain("\n  \"editor\": \"agent.tom\""); // pretty-printed

        page.Find("[data-testid=stream-product]").TextContent.ShouldBe("support-replies");
        page.Find("[data-testid=stream-event-count]").TextContent.ShouldBe("6");
        page.FindAll(".stream-header .outcome-chip").Select(c => c.TextContent.Trim()).ShouldBe(["1 edited", "1 rejected"]);
    }

    [Theory]
    [InlineData(EventWorkbench.Access.AccessRoles.Admin, true)]
    [InlineData(EventWorkbench.Access.AccessRoles.Auditor, false)]
    public async Task The_streams_subject_is_shown_and_links_an_admin_to_its_erasure(string role, bool linked)
    {
        var stream = $"subject-{Guid.NewGuid():N}"[..20];
        var subject = $"cust/{Guid.NewGuid():N}"[..17];
        await SeedStreams.Append(Database.Appender, stream, "seed", $"corr-{stream}",
            SeedStreams.Event("interaction_started", new { channel = "chat", product = "support-replies", input = "Hello", subjectId = subject }));
        SignedIn.Account("someone", role);

        var page = RenderStream(stream);

        page.Find("[data-testid=stream-subject]").TextContent.Trim().ShouldBe(subject);
        var links = page.FindAll("[data-testid=stream-subject] a").Select(a => a.GetAttribute("href")).ToList();
        links.ShouldBe(linked ? [EventWorkbench.Web.Features.Erasure.ErasurePage.HrefFor(subject)] : []);
        if (linked) links[0].ShouldEndWith("subject=" + Uri.EscapeDataString(subject));
    }

    [Fact]
    public void Unknown_stream_is_reported_not_found_and_says_there_is_no_such_stream()
    {
        var notFound = 0;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound++;

        var page = RenderStream("no-such-<b>stream</b>");

        notFound.ShouldBe(1);
        var reason = Services.GetRequiredService<NotFoundReasons>().Current;
        (reason.Heading, reason.Message).ShouldBe(("Stream not found", "There is no stream 'no-such-<b>stream</b>'."));
        page.Find("[data-testid=not-found-message]").TextContent.Trim().ShouldBe("There is no stream 'no-such-<b>stream</b>'.");
        page.FindAll("[data-testid=not-found-message] b").ShouldBeEmpty();
        page.FindAll("article.event-card").ShouldBeEmpty();
    }

    [Fact]
    public void Html_and_script_in_event_data_are_rendered_as_inert_text()
    {
        var page = RenderStream(SeedStreams.Hostile);

        page.FindAll("script, img, b, i").ShouldBeEmpty();
        page.Markup.ShouldNotContain("<script>");
        page.Markup.ShouldContain("&lt;script&gt;");
        var cards = page.FindAll("article.event-card");
        Json(cards[0]).GetProperty("input").GetString().ShouldBe(SeedStreams.HostileInput);
        Json(cards[1]).GetProperty("content").GetString().ShouldBe(SeedStreams.HostileContent);
        Text(cards[0], ".event-actor").ShouldBe("<b>actor</b>");
        Text(cards[0], ".event-correlation").ShouldBe("corr-<i>hostile</i>");
        page.Find(".stream-input-preview").TextContent.ShouldBe(SeedStreams.HostileInput);
    }

    [Fact]
    public async Task An_event_appended_while_the_page_is_open_appears_without_a_reload()
    {
        const string stream = "live-0001";
        await SeedStreams.Append(Database.Appender, stream, "support-bot", "corr-live",
            SeedStreams.Started("support-replies", "Live?"), SeedStreams.Proposal("p1", "Yes."));
        await Notifications.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilListeningAsync();
            var page = RenderStream(stream);
            page.FindAll("article.event-card").Count.ShouldBe(2);

            await SeedStreams.Append(Database.Appender, stream, "agent.lee", "corr-accept",
                SeedStreams.Event("proposal_accepted", new { proposalId = "p1", by = "agent.lee" }));

            page.WaitForAssertion(() => page.FindAll("article.event-card").Count.ShouldBe(3), Wait);
            var appended = page.FindAll("article.event-card")[2];
            Text(appended, ".event-type").ShouldBe("proposal_accepted");
            Text(appended, ".event-actor").ShouldBe("agent.lee");
            appended.ClassList.ShouldContain("event-new");
            page.WaitForAssertion(() => page.Find("[data-testid=stream-event-count]").TextContent.ShouldBe("3"), Wait);
            page.FindAll(".stream-header .outcome-chip").Select(c => c.TextContent.Trim()).ShouldBe(["1 accepted"]);
        }
        finally
        {
            await Notifications.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_live_page_keeps_what_the_prerender_showed_and_adds_what_was_appended_since_as_new()
    {
        Prerender.HandOver(StreamPage.StateKey, new StreamPage.Snapshot(SeedStreams.Support, null, await ViewAsync(SeedStreams.Support, 4)));

        var page = Render<StreamPage>(p => p.Add(x => x.StreamId, SeedStreams.Support));

        page.FindAll(".mud-progress-linear").ShouldBeEmpty(); // never blanked to "loading"
        page.WaitForAssertion(() => page.FindAll("article.event-card").Count.ShouldBe(6), Wait);
        page.FindAll("article.event-card").Select(c => c.ClassList.Contains("event-new")).ShouldBe([false, false, false, false, true, true]);
        var handedOn = Prerender.HandedOn<StreamPage.Snapshot>(StreamPage.StateKey);
        handedOn.ShouldNotBeNull($"nothing handed on; the page's problem: {(page.FindAll("[data-testid=stream-problem]") is [var problem, ..] ? problem.TextContent : "none")}");
        handedOn!.View.Events.Count.ShouldBe(6);
    }

    [Fact]
    public async Task A_prerender_of_another_stream_is_not_taken_for_this_one()
    {
        var other = await ViewAsync(SeedStreams.Review, 3);
        Prerender.HandOver(StreamPage.StateKey, new StreamPage.Snapshot("never-stored", null, other with { StreamId = "never-stored" }));

        var page = RenderStream(SeedStreams.Support);

        page.FindAll("article.event-card").Count.ShouldBe(6);
    }

    /// <summary>What a prerender of the stream would have loaded when its last event was at <paramref name="version"/>.</summary>
    private async Task<StreamView> ViewAsync(string streamId, long version)
    {
        var history = new EventWorkbench.History.StreamHistory(Database.Store);
        var events = (await Database.Queries.EventsAsync(streamId, toVersion: version)).ToList();
        var extent = new EventWorkbench.History.StreamExtent(version, events[0].Timestamp, events[^1].Timestamp);
        var step = (await history.StepAsync(streamId, version)).ShouldNotBeNull();
        return new StreamView(streamId, extent, await Database.Queries.GetAsync(streamId), events, step, []);
    }

    private IRenderedComponent<StreamPage> RenderStream(string streamId)
    {
        var page = Render<StreamPage>(p => p.Add(x => x.StreamId, streamId));
        page.WaitForAssertion(() => page.FindAll(".mud-progress-linear").ShouldBeEmpty(), Wait);
        return page;
    }


    private static string Text(IElement card, string selector) => card.QuerySelector(selector)?.TextContent.Trim() ?? "";

    private static JsonElement Json(IElement card) =>
        JsonDocument.Parse(card.QuerySelector("pre.event-json")!.TextContent).RootElement;
}
