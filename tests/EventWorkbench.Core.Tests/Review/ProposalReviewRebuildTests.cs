using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Tests.Ingest;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Review;

/// <summary>Principle 3: state is a projection; rebuilding it from the events gives the same documents.</summary>
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

        using var daemon = await fixture.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);

        var rebuilt = await ReviewsAsync(stream);
        inline.Count.ShouldBe(2);
        rebuilt.ShouldBe(inline);
    }

    private async Task<List<string>> ReviewsAsync(string stream)
    {
        await using var session = fixture.Store.QuerySession();
        var reviews = await session.Query<ProposalReview>().Where(r => r.StreamId == stream).OrderBy(r => r.Id).ToListAsync();
        return reviews.Select(r => JsonSerializer.Serialize(r, EventCatalogue.Output)).ToList();
    }
}
