using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Review;

public sealed class ProposalReviewProjectionTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private static string NewStream() => $"review-{Guid.NewGuid():N}";

    private async Task AppendAsync(string stream, params EventEnvelope[] events)
    {
        var outcome = await fixture.Appender.AppendAsync(stream, Batch(events), Api);
        outcome.ShouldBeOfType<AppendOutcome.Appended>();
    }

    private async Task<ProposalReview> ReviewAsync(string stream, string proposalId)
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.LoadAsync<ProposalReview>(ProposalReview.IdFor(stream, proposalId))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Accepted_unchanged_keeps_the_full_context_and_the_ai_content_as_final()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started("support"), Generated("p1", promptVersion: "v3"));
        await AppendAsync(stream, Accepted("p1", by: "bob"));

        var review = await ReviewAsync(stream, "p1");

        (review.Id, review.StreamId, review.ProposalId).ShouldBe(($"{stream}/p1", stream, "p1"));
        (review.Product, review.Model, review.ModelVersion, review.PromptVersion).ShouldBe(("support", "gpt-x", "2025-01", "v3"));
        review.Messages.Select(m => m.Role).ShouldBe(["system", "user"]);
        review.ContentType.ShouldBe(ContentType.Text);
        review.Reasoning.ShouldBe("The tracking says so.");
        review.Parameters!.Value.GetProperty("temperature").GetDouble().ShouldBe(0.2);
        review.Usage!.Value.GetProperty("outputTokens").GetInt32().ShouldBe(5);
        review.Outcome.ShouldBe(ProposalOutcome.AcceptedUnchanged);
        review.FinalContent.ShouldBe("It ships tomorrow.");
        review.Edits.ShouldBeEmpty();
        review.DecidedBy.ShouldBe("bob");
        review.DecidedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(review.GeneratedAt);
        review.TimeToDecisionSeconds.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        (review.Similarity, review.EditDistance, review.WordsInserted, review.WordsDeleted, review.EditCategory)
            .ShouldBe(((double?)1, (int?)0, (int?)0, (int?)0, "unchanged"));
    }

    [Fact]
    public async Task Slashes_in_stream_and_proposal_ids_never_make_two_proposals_share_a_document()
    {
        var root = NewStream();
        await AppendAsync($"{root}/team", Started(), Generated("p1"));      // would be "{root}/team/p1" unescaped
        await AppendAsync(root, Started(), Generated("team/p1"), Rejected("team/p1"));

        var first = await ReviewAsync($"{root}/team", "p1");
        var second = await ReviewAsync(root, "team/p1");

        first.Id.ShouldNotBe(second.Id);
        (first.StreamId, first.ProposalId, first.Outcome).ShouldBe(($"{root}/team", "p1", ProposalOutcome.Pending));
        (second.StreamId, second.ProposalId, second.Outcome).ShouldBe((root, "team/p1", ProposalOutcome.Rejected));
        ProposalReview.IdFor("a%2Fb", "c").ShouldNotBe(ProposalReview.IdFor("a/b", "c"));
    }

    [Fact]
    public async Task Accepted_after_two_edits_keeps_every_intermediate_edit_and_the_last_as_final()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1"),
            Edited("p1", "It ships on Monday.", "ana", "date"), Edited("p1", "It ships on Monday, tracked.", "bob"),
            Accepted("p1"));

        var review = await ReviewAsync(stream, "p1");

        review.Outcome.ShouldBe(ProposalOutcome.AcceptedEdited);
        review.Edits.Select(e => (e.Editor, e.Content, e.Comment, e.Version))
            .ShouldBe([("ana", "It ships on Monday.", "date", 3L), ("bob", "It ships on Monday, tracked.", null, 4L)]);
        review.Edits.ShouldAllBe(e => e.At >= review.GeneratedAt && e.OriginalContent == null);
        review.FinalContent.ShouldBe("It ships on Monday, tracked.");
        review.Editors.ShouldBe(["ana", "bob"]);
    }

    [Fact]
    public async Task Rejected_keeps_its_reason_and_no_final_content_without_edits()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1"), Rejected("p1", "wrong parcel", by: "carol"));

        var review = await ReviewAsync(stream, "p1");

        review.Outcome.ShouldBe(ProposalOutcome.Rejected);
        (review.RejectReason, review.DecidedBy).ShouldBe(("wrong parcel", "carol"));
        review.FinalContent.ShouldBeNull();
    }

    [Fact]
    public async Task Pending_has_no_decision_and_shows_the_latest_edit()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1"));
        (await ReviewAsync(stream, "p1")).FinalContent.ShouldBeNull();

        await AppendAsync(stream, Edited("p1", "Draft."));
        var review = await ReviewAsync(stream, "p1");

        review.Outcome.ShouldBe(ProposalOutcome.Pending);
        (review.DecidedAt, review.DecidedBy, review.TimeToDecisionSeconds).ShouldBe((null, null, null));
        review.FinalContent.ShouldBe("Draft.");
    }

    [Fact]
    public async Task Each_proposal_of_a_multi_turn_stream_has_its_own_document()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started("sales"), Generated("p1", "First."), Accepted("p1"));
        await AppendAsync(stream, Generated("p2", "Second."), Edited("p2", "Second, edited."), Accepted("p2"), Generated("p3", "Third."));

        var (first, second, third) = (await ReviewAsync(stream, "p1"), await ReviewAsync(stream, "p2"), await ReviewAsync(stream, "p3"));

        (first.Outcome, second.Outcome, third.Outcome)
            .ShouldBe((ProposalOutcome.AcceptedUnchanged, ProposalOutcome.AcceptedEdited, ProposalOutcome.Pending));
        (first.FinalContent, second.FinalContent, third.FinalContent).ShouldBe(("First.", "Second, edited.", null));
        new[] { first, second, third }.ShouldAllBe(r => r.Product == "sales");
    }

    [Fact]
    public async Task The_same_proposal_id_in_two_streams_makes_two_documents()
    {
        var (one, two) = (NewStream(), NewStream());
        await AppendAsync(one, Generated("same", "One."));
        await AppendAsync(two, Generated("same", "Two."));

        (await ReviewAsync(one, "same")).AiContent.ShouldBe("One.");
        (await ReviewAsync(two, "same")).AiContent.ShouldBe("Two.");
    }

    [Fact]
    public async Task Correcting_an_edit_changes_the_final_content_and_keeps_the_original()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1"), Edited("p1", "It ships on Mondya."), Accepted("p1"));
        await AppendAsync(stream, Corrected(3, new { content = "It ships on Monday." }));

        var review = await ReviewAsync(stream, "p1");

        var edit = review.Edits.ShouldHaveSingleItem();
        (edit.Content, edit.OriginalContent).ShouldBe(("It ships on Monday.", "It ships on Mondya."));
        review.FinalContent.ShouldBe("It ships on Monday.");
        review.Outcome.ShouldBe(ProposalOutcome.AcceptedEdited);
        review.Corrections.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.CorrectsVersion.ShouldBe(3), c => c.Version.ShouldBe(5), c => c.By.ShouldBe("ops"));
    }

    [Fact]
    public async Task Correcting_an_edit_changes_the_delta_accordingly()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1", "The parcel ships on Monday from Leeds."),
            Edited("p1", "The parcel ships on Tuesday from York."), Accepted("p1"));
        var before = await ReviewAsync(stream, "p1");

        await AppendAsync(stream, Corrected(3, new { content = "The parcel ships on Monday from Leeds!" }));
        var after = await ReviewAsync(stream, "p1");

        (before.EditCategory, before.WordsInserted, before.WordsDeleted).ShouldBe(("substantial_rewrite", (int?)2, (int?)2));
        (after.EditCategory, after.Similarity, after.EditDistance).ShouldBe(("formatting", (double?)1, (int?)0));
    }

    [Fact]
    public async Task Correcting_the_generation_changes_the_ai_content_and_keeps_the_original()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Generated("p1", "Wrong text."), Accepted("p1"));
        await AppendAsync(stream, Corrected(2, new { content = "Logged text.", promptVersion = "v9" }, "logging bug"));

        var review = await ReviewAsync(stream, "p1");

        (review.AiContent, review.OriginalAiContent, review.PromptVersion).ShouldBe(("Logged text.", "Wrong text.", "v9"));
        review.FinalContent.ShouldBe("Logged text.");
    }

    [Fact]
    public async Task A_correction_of_another_proposal_leaves_this_one_alone()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1", "One."), Generated("p2", "Two."), Edited("p2", "Two!"));
        await AppendAsync(stream, Corrected(3, new { content = "Two, corrected." }));

        (await ReviewAsync(stream, "p1")).Corrections.ShouldBeEmpty();
        (await ReviewAsync(stream, "p2")).FinalContent.ShouldBe("Two, corrected.");
    }

    [Fact]
    public async Task Curation_keeps_its_history_and_feedback_keeps_the_latest_rating()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Accepted("p1"), Curated("p1", "include", 4, ["clean"], by: "ml-1"), Feedback("p1", 1));
        await AppendAsync(stream, Curated("p1", "exclude", 2, by: "ml-2"), Feedback("p1", -1, by: "auditor"));

        var review = await ReviewAsync(stream, "p1");

        review.CurationHistory.Select(c => (c.Verdict, c.Quality, c.By)).ShouldBe(
            [(CurationVerdict.Include, (int?)4, "ml-1"), (CurationVerdict.Exclude, (int?)2, "ml-2")]);
        var latest = review.Curation.ShouldNotBeNull();
        (latest.Verdict, latest.Note, latest.Version).ShouldBe((CurationVerdict.Exclude, "exclude by ml-2", 5L));
        review.CurationHistory[0].Tags.ShouldBe(["clean"]);
        (review.LatestFeedback!.Rating, review.LatestFeedback.By).ShouldBe((-1, "auditor"));
    }

    [Fact]
    public async Task Correcting_a_curation_label_changes_the_current_curation()
    {
        var stream = NewStream();
        await AppendAsync(stream, Generated("p1"), Accepted("p1"), Curated("p1", "include", 5));
        await AppendAsync(stream, Corrected(3, new { verdict = "exclude", quality = 1 }, "mis-click"));

        var review = await ReviewAsync(stream, "p1");

        (review.Curation!.Verdict, review.Curation.Quality).ShouldBe((CurationVerdict.Exclude, (int?)1));
        review.CurationHistory.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Product_comes_from_interaction_started_even_when_the_proposal_comes_later()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started("billing"));
        await AppendAsync(stream, Corrected(1, new { product = "billing-eu" }));
        await AppendAsync(stream, Generated("later"));

        (await ReviewAsync(stream, "later")).Product.ShouldBe("billing-eu");
    }

    [Fact]
    public async Task Correcting_the_start_changes_the_product_of_every_proposal()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started("suport"), Generated("p1"), Generated("p2"));
        await AppendAsync(stream, Corrected(1, new { product = "support" }));

        (await ReviewAsync(stream, "p1")).Product.ShouldBe("support");
        (await ReviewAsync(stream, "p2")).Product.ShouldBe("support");
    }

    [Fact]
    public async Task Events_for_a_proposal_never_generated_make_no_document()
    {
        var stream = NewStream();
        await AppendAsync(stream, Started(), Accepted("ghost"));

        await using var session = fixture.Store.QuerySession();
        (await session.LoadAsync<ProposalReview>(ProposalReview.IdFor(stream, "ghost"))).ShouldBeNull();
    }
}
