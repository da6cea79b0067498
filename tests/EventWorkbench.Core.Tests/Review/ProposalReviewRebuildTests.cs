using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Tests.Ingest;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Review;

/// <summary>Principle 3: state is a projection; rebuilding it from the events gives the same documents.</summary>
public sealed partial class ProposalReviewRebuildTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(T\d{2}:\d{2}:\d{2})\.(\d+)")]
    private static partial System.Text.RegularExpressions.Regex FractionalSeconds();

    // Fractions of a second as exactly six digits (microseconds), however the serializer spelled them.
    private static string Microseconds(string json) => FractionalSeconds().Replace(json, m =>
        $"{m.Groups[1].Value}.{m.Groups[2].Value.PadRight(6, '0')[..6]}");

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
        // PostgreSQL keeps microseconds; events read back for the rebuild carry no finer ticks than that.
        // Time to decision comes from those timestamps too: compared apart, to the millisecond.
        foreach (var review in reviews)
        {
            if (review.DecidedAt is { } decided)
                review.TimeToDecisionSeconds.ShouldNotBeNull().ShouldBe((decided - review.GeneratedAt).TotalSeconds, 0.001);
            review.TimeToDecisionSeconds = null;
        }
        return reviews.Select(r => Microseconds(JsonSerializer.Serialize(r, EventCatalogue.Output))).ToList();
    }
}
