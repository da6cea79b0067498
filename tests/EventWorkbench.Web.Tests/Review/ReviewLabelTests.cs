using System.Text.Json;
using Bunit;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Review;
using EventWorkbench.Web.Features.Streams;
using EventWorkbench.Web.Tests.Streams;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>The labels a reviewer reads: the current curation label with who set it and when, feedback as a rating.</summary>
public sealed class ReviewLabelTests(ReviewDatabase database) : ReviewTestContext(database), IClassFixture<ReviewDatabase>
{
    [Fact]
    public async Task The_curation_panel_shows_the_current_label_with_who_set_it_and_when()
    {
        await Database.Seed("lb-curated", "support-replies", ReviewDatabase.Generated("p1", "Refund issued."), ReviewDatabase.Decided("proposal_accepted", "p1"),
            Curated("ml.ana", "include", 4, ["tone", "sft"], "Clear and kind."),
            Curated("ml.bo", "exclude", 2, ["wrong-date"], "The date is <b>wrong</b>."));
        var review = await Database.Proposals.GetAsync("lb-curated", "p1");

        var page = RenderReview("lb-curated");

        var current = page.Find("[data-testid=curation-current]");
        current.QuerySelector(".verdict")!.TextContent.ShouldBe("exclude");
        current.QuerySelector("[data-testid=curation-quality]")!.TextContent.ShouldBe("quality 2 of 5");
        current.QuerySelectorAll(".curation-tag").Select(e => e.TextContent).ShouldBe(["wrong-date"]);
        current.QuerySelector("[data-testid=curation-note]")!.TextContent.ShouldBe("The date is <b>wrong</b>.");
        var setBy = current.QuerySelector("[data-testid=curation-set-by]")!.TextContent;
        setBy.ShouldContain("set by ml.bo");
        setBy.ShouldContain(Timestamp.Format(review!.Curation!.At)); // the time in UTC, zone named
        page.FindAll("[data-testid=curation-history] li").Select(li => li.QuerySelector(".verdict")!.TextContent).ShouldBe(["exclude", "include"]);
        page.FindAll("b").ShouldBeEmpty(); // the note is text
    }

    [Fact]
    public void A_proposal_nobody_curated_says_it_has_no_label()
    {
        var page = RenderReview(ReviewDatabase.Unchanged);

        page.Find("[data-testid=curation-current]").TextContent.ShouldContain("Not curated yet");
        page.FindAll("[data-testid=curation-history]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, "Thumbs up", "feedback-up")]
    [InlineData(0, "Neutral", "feedback-neutral")]
    [InlineData(-1, "Thumbs down", "feedback-down")]
    public async Task Feedback_shows_as_a_rating_in_words_with_an_icon_not_a_bare_number(int rating, string words, string kind)
    {
        var streamId = $"lb-feedback{rating}";
        await Database.Seed(streamId, "support-replies", ReviewDatabase.Generated("p1", "Refund issued."), ReviewDatabase.Decided("proposal_accepted", "p1"),
            SeedStreams.Event("feedback_given", new { proposalId = "p1", by = "customer.li", rating, comment = "Fast answer", tags = new[] { "speed" } }));

        var page = RenderReview(streamId);

        var fact = page.Find("[data-testid=fact-feedback]");
        var shown = fact.QuerySelector("[data-testid=feedback-rating]")!;
        shown.TextContent.Trim().ShouldBe(words);
        shown.ClassList.ShouldContain(kind);
        shown.QuerySelector("svg.mud-icon-root").ShouldNotBeNull();
        fact.TextContent.ShouldContain("by customer.li");
        fact.TextContent.ShouldContain("Fast answer");
    }

    [Fact]
    public void A_feedback_event_on_the_stream_page_shows_its_rating_in_words_above_its_data()
    {
        var data = JsonSerializer.SerializeToElement(new { proposalId = "p1", by = "customer.li", rating = -1 });
        var stored = new StoredEvent(Guid.NewGuid(), 5, 42, "feedback_given", DateTimeOffset.UtcNow, "customer.li", null, null, null, data);

        var card = Render<EventCard>(p => p.Add(x => x.Event, stored));

        card.Find(".event-rating [data-testid=feedback-rating]").TextContent.Trim().ShouldBe("Thumbs down");
        card.Find("pre.event-json").TextContent.ShouldContain("\"rating\": -1"); // the data itself stays as recorded
    }

    [Fact]
    public void Other_events_on_the_stream_page_show_no_rating()
    {
        var data = JsonSerializer.SerializeToElement(new { proposalId = "p1", by = "agent", rating = 1 });
        var stored = new StoredEvent(Guid.NewGuid(), 5, 42, "proposal_accepted", DateTimeOffset.UtcNow, "agent", null, null, null, data);

        Render<EventCard>(p => p.Add(x => x.Event, stored)).FindAll("[data-testid=feedback-rating]").ShouldBeEmpty();
    }

    private static EventWorkbench.Ingest.EventEnvelope Curated(string by, string verdict, int quality, string[] tags, string note) =>
        SeedStreams.Event("example_curated", new { proposalId = "p1", by, verdict, quality, tags, note });

    private IRenderedComponent<ReviewPage> RenderReview(string streamId)
    {
        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, streamId).Add(x => x.ProposalId, "p1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=review-facts]").ShouldNotBeEmpty(), Wait);
        return page;
    }
}
