using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Review;

/// <summary>State is a projection; rebuilding it from the events gives the same documents.</summary>
public sealed class ProposalReviewRebuildTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task Rebuilding_the_reviews_from_the_events_gives_the_same_documents()
    {
        var stream = $"rebuild-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1", "The parcel ships Monday.")), Api);
        await fixture.Appender.AppendAsync(stream, Batch(
            Event("proposal_edited", new { proposalId = "p1", editor = "ana", content = "The parcel ships on Monday." }),
            Event("proposal_accepted", new { proposalId = "p1", by = "ana" }),
            Proposal("p2", "Anything else?")), Api);
        await fixture.Appender.AppendAsync(stream, Batch(
            Event("event_corrected", new { correctsVersion = 3, by = "ops", reason = "typo", correction = new { content = "The parcel ships on Monday!" } })), Api);
        var inline = await ReviewsAsync(stream);

        await RebuildAsync();

        var rebuilt = await ReviewsAsync(stream);
        inline.Count.ShouldBe(2);
        rebuilt.ShouldBe(inline);
    }

    [Fact]
    public async Task Events_about_a_proposal_before_its_generation_are_ignored_inline_and_in_a_rebuild()
    {
        // Appended one by one, the early events reach the projection before the proposal has a document; in a
        // rebuild they arrive in one batch with the stream's start routed ahead of them.
        var stream = $"rebuild-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started()), Api);
        await fixture.Appender.AppendAsync(stream, Batch(Edited("p1", "Too early."), Feedback("p1", -1), Curated("p1", "exclude")), Api);
        await fixture.Appender.AppendAsync(stream, Batch(Generated("p1")), Api);
        await fixture.Appender.AppendAsync(stream, Batch(Accepted("p1")), Api);
        await fixture.Appender.AppendAsync(stream, Batch(Corrected(2, new { content = "Still too early." })), Api);
        var inline = await ReviewsAsync(stream);

        await RebuildAsync();

        var review = JsonSerializer.Deserialize<ProposalReview>(inline.ShouldHaveSingleItem(), EventCatalogue.Output)!;
        (review.Outcome, review.FinalContent, review.Product).ShouldBe((ProposalOutcome.AcceptedUnchanged, "It ships tomorrow.", "support-replies"));
        (review.Edits.Count, review.LatestFeedback, review.Curation, review.Corrections.Count).ShouldBe((0, null, null, 0));
        (await ReviewsAsync(stream)).ShouldBe(inline);
    }

    // A fresh daemon per rebuild: a second rebuild on the same daemon instance wrote no documents (Marten 9.58).
    private async Task RebuildAsync()
    {
        using var daemon = await fixture.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    private async Task<List<string>> ReviewsAsync(string stream)
    {
        await using var session = fixture.Store.QuerySession();
        var reviews = await session.Query<ProposalReview>().Where(r => r.StreamId == stream).OrderBy(r => r.Id).ToListAsync();
        return reviews.Select(r => JsonSerializer.Serialize(r, EventCatalogue.Output)).ToList();
    }
}
