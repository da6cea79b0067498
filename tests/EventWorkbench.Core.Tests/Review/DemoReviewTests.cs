using EventWorkbench.Demo;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Demo;
using Marten;

namespace EventWorkbench.Tests.Review;

/// <summary>The demo data set (about 1,150 events, corrections included) through the review projection.</summary>
public sealed class DemoReviewTests(SeededDemoFixture fixture) : IClassFixture<SeededDemoFixture>
{
    [Fact]
    public async Task Every_demo_proposal_has_one_review_that_agrees_with_its_interaction_summary()
    {
        await using var session = fixture.Store.QuerySession();
        var summaries = await session.Query<InteractionSummary>().ToListAsync();
        var reviews = (await session.Query<ProposalReview>().ToListAsync()).ToLookup(r => r.StreamId);

        reviews.Sum(g => g.Count()).ShouldBe(summaries.Sum(s => s.Proposals));
        foreach (var summary in summaries)
        {
            var ofStream = reviews[summary.Id].ToDictionary(r => r.ProposalId);
            ofStream.ToDictionary(pair => pair.Key, pair => pair.Value.Outcome).ShouldBe(summary.Outcomes, ignoreOrder: true);
            ofStream.Values.ShouldAllBe(r => r.Product == summary.Product && r.Id == ProposalReview.IdFor(r.StreamId, r.ProposalId));
            ofStream.Values.Where(r => r.Outcome == ProposalOutcome.AcceptedEdited).ShouldAllBe(r => r.Edits.Count > 0 && r.FinalContent != null);
            ofStream.Values.Where(r => r.Outcome == ProposalOutcome.AcceptedUnchanged).ShouldAllBe(r => r.FinalContent == r.AiContent);
        }
    }

    [Fact]
    public async Task Every_demo_thumbs_down_given_by_mistake_shows_as_corrected_on_its_review()
    {
        var events = DemoExpectations.Events(DemoDataSet.Build());
        var mistakes = events
            .Where(e => e.Data is EventCorrected corrected && corrected.Correction.TryGetProperty("rating", out _))
            .Select(e => events.Single(f => f.StreamId == e.StreamId && f.Version == ((EventCorrected)e.Data).CorrectsVersion))
            .Where(f => ((FeedbackGiven)f.Data).ProposalId is not null)
            .ToList();
        mistakes.ShouldNotBeEmpty();

        await using var session = fixture.Store.QuerySession();
        foreach (var mistake in mistakes)
        {
            var review = await session.LoadAsync<ProposalReview>(ProposalReview.IdFor(mistake.StreamId, ((FeedbackGiven)mistake.Data).ProposalId!));
            review.ShouldNotBeNull().LatestFeedback.ShouldNotBeNull().Rating.ShouldBe(1, mistake.StreamId);
            review.Corrections.ShouldContain(c => c.CorrectsVersion == mistake.Version);
        }
    }
}
