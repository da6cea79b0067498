using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Review;

/// <summary>Corrections of feedback and curation labels, and corrections the review must not apply.</summary>
public sealed class ProposalCorrectionsTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private static string NewStream() => $"corrections-{Guid.NewGuid():N}";

    private async Task AppendAsync(string stream, params EventEnvelope[] events) =>
        (await fixture.Appender.AppendAsync(stream, Batch(events), Api)).ShouldBeOfType<AppendOutcome.Appended>();

    /// <summary>Writes past the append validation, as an event stored before a rule existed would have been.</summary>
    private async Task AppendUncheckedAsync(string stream, object data)
    {
        await using var session = fixture.Store.LightweightSession();
        session.Events.Append(stream, await fixture.Appender.CurrentVersionAsync(stream) + 1, data);
        await session.SaveChangesAsync();
    }

    private async Task<ProposalReview> ReviewAsync(string stream)
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.LoadAsync<ProposalReview>(ProposalReview.IdFor(stream, "p1"))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Correcting_the_latest_feedback_changes_its_rating_comment_and_tags()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Accepted("p1"), Feedback("p1", -1));
        await AppendAsync(stream, Corrected(3, new { rating = 1, comment = "Saved me time.", tags = new[] { "tone" } }, "thumbs down by mistake"));

        var review = await ReviewAsync(stream);

        var feedback = review.LatestFeedback.ShouldNotBeNull();
        (feedback.Rating, feedback.Comment, feedback.By).ShouldBe((1, "Saved me time.", "customer"));
        feedback.Tags.ShouldBe(["tone"]);
        review.Corrections.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.CorrectsVersion.ShouldBe(3), c => c.Version.ShouldBe(4), c => c.Reason.ShouldBe("thumbs down by mistake"));
    }

    [Fact]
    public async Task Correcting_superseded_feedback_changes_nothing_shown()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Feedback("p1", -1), Feedback("p1", 0, by: "auditor"));
        await AppendAsync(stream, Corrected(2, new { rating = 1 }));

        var review = await ReviewAsync(stream);

        (review.LatestFeedback!.Rating, review.LatestFeedback.By).ShouldBe((0, "auditor"));
        review.Corrections.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"verdict":"2"}""")]
    [InlineData("""{"verdict":"include, exclude"}""")]
    [InlineData("""{"verdict":1}""")]
    [InlineData("""{"quality":42}""")]
    [InlineData("""{"quality":"4"}""")]
    [InlineData("""{"quality":4.5}""")]
    [InlineData("""{"tags":["clean",1]}""")]
    [InlineData("""{"quality":5,"tags":["clean"]}""")]
    [InlineData("\"exclude\"")]
    public async Task A_curation_correction_that_is_invalid_or_changes_nothing_is_not_applied(string correction)
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Accepted("p1"), Curated("p1", "include", 5, ["clean"]));

        await AppendUncheckedAsync(stream, new EventCorrected(3, "ops", "bad", JsonDocument.Parse(correction).RootElement));

        var review = await ReviewAsync(stream);
        var label = review.Curation.ShouldNotBeNull();
        (label.Verdict, label.Quality).ShouldBe((CurationVerdict.Include, (int?)5));
        label.Tags.ShouldBe(["clean"]);
        review.Corrections.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_valid_fields_of_a_partly_invalid_curation_correction_are_applied()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Accepted("p1"), Curated("p1", "include", 5));

        await AppendUncheckedAsync(stream, new EventCorrected(3, "ops", "mixed", JsonSerializer.SerializeToElement(new { verdict = "2", quality = (int?)null })));

        var review = await ReviewAsync(stream);
        (review.Curation!.Verdict, review.Curation.Quality).ShouldBe((CurationVerdict.Include, (int?)null));
        review.Corrections.ShouldHaveSingleItem().CorrectsVersion.ShouldBe(3);
    }
}
