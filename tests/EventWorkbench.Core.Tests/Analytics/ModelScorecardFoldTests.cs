using EventWorkbench.Analytics;

namespace EventWorkbench.Tests.Analytics;

public sealed class ModelScorecardFoldTests
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(AnalyticsWorld.Start.UtcDateTime);
    private static readonly string CardId = ModelScorecard.IdFor("gpt-x", "v1", "support", Day);

    [Fact]
    public void Outcomes_similarity_bins_and_median_time_to_decision_come_from_each_proposals_review()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "p1");
        world.Accepted("s", "p1", after: TimeSpan.FromSeconds(30));                        // unchanged, similarity 1
        world.Generated("s", "p2", "one two three four five");
        world.Edited("s", "p2", "one two three four six");
        world.Accepted("s", "p2", after: TimeSpan.FromSeconds(60));                        // edited, similarity 0.8
        world.Generated("s", "p3");
        world.Rejected("s", "p3", after: TimeSpan.FromSeconds(90));                        // rejected, no final content
        world.Generated("s", "p4");                                                         // pending

        var card = world.Scorecards()[CardId];

        (card.Model, card.PromptVersion, card.Product, card.Day).ShouldBe(("gpt-x", "v1", "support", Day));
        (card.Proposals, card.AcceptedUnchanged, card.AcceptedEdited, card.Rejected, card.Pending).ShouldBe((4, 1, 1, 1, 1));
        card.MeanSimilarity.ShouldNotBeNull().ShouldBe(0.9, 1e-9);
        card.SimilarityBins[9].ShouldBe(1);
        card.SimilarityBins[8].ShouldBe(1);
        card.SimilarityBins.Sum().ShouldBe(2);
        card.MedianTimeToDecisionSeconds.ShouldBe(70); // 30, 70 (an edit in between), 90: the middle one
        card.DecisionSeconds.ShouldBe([30, 70, 90]);
        card.Entries.Keys.ShouldBe(["s/p1", "s/p2", "s/p3", "s/p4"], ignoreOrder: true);
    }

    [Fact]
    public void A_retry_after_a_rejection_replaces_the_proposals_entry_instead_of_counting_it_twice()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "p1");
        world.Rejected("s", "p1");
        var whileRejected = world.Scorecards(live: true)[CardId];
        world.Accepted("s", "p1", by: "bob");

        whileRejected.Rejected.ShouldBe(1);
        var card = world.Scorecards(batchSize: 1, live: true)[CardId];
        (card.Proposals, card.Rejected, card.AcceptedUnchanged).ShouldBe((1, 0, 1));
        card.Entries["s/p1"].Outcome.ShouldBe("AcceptedUnchanged");
    }

    [Fact]
    public void A_correction_of_the_ai_content_changes_the_similarity_the_card_counts()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        var generated = world.Generated("s", "p1", "alpha beta gamma delta epsilon");
        world.Edited("s", "p1", "alpha beta gamma delta zeta");
        world.Accepted("s", "p1");
        world.Scorecards(live: true)[CardId].MeanSimilarity.ShouldNotBeNull().ShouldBe(0.8, 1e-9);

        world.Corrected("s", generated.Version, new { content = "alpha beta gamma delta zeta" });

        var card = world.Scorecards(batchSize: 2, live: true)[CardId];
        card.MeanSimilarity.ShouldBe(1);
        card.Entries["s/p1"].EditCategory.ShouldBe("unchanged");
    }

    [Fact]
    public void A_corrected_product_moves_the_proposal_to_its_new_card_and_an_emptied_card_goes()
    {
        var world = new AnalyticsWorld();
        var started = world.Started("s", "suport");
        world.Generated("s", "p1");
        world.Accepted("s", "p1");
        world.Corrected("s", started.Version, new { product = "support" });

        // Whether the daemon read the review before or after the correction, the end is the same.
        foreach (var cards in new[] { world.Scorecards(), world.Scorecards(batchSize: 1, live: true), world.Scorecards(batchSize: 3, live: true) })
        {
            cards.Keys.ShouldBe([CardId]);
            cards[CardId].Product.ShouldBe("support");
        }
    }

    [Fact]
    public void A_start_appended_after_the_generation_moves_the_proposal_to_its_product_instead_of_counting_it_twice()
    {
        var world = new AnalyticsWorld();
        world.Generated("s", "p1");
        world.Accepted("s", "p1");
        world.Started("s", "support");

        // The daemon may have counted the proposal under no product before the start arrived.
        foreach (var cards in new[] { world.Scorecards(), world.Scorecards(batchSize: 1, live: true), world.Scorecards(batchSize: 2, live: true) })
        {
            cards.Keys.ShouldBe([CardId]);
            (cards[CardId].Proposals, cards[CardId].AcceptedUnchanged).ShouldBe((1, 1));
        }
    }

    [Fact]
    public void Folded_batch_by_batch_while_appends_go_on_equals_one_rebuild()
    {
        var world = new AnalyticsWorld();
        GeneratedWorld.Fill(world, seed: 7, streams: 6, eventsPerStream: 40);

        var rebuilt = world.Scorecards();
        rebuilt.ShouldNotBeEmpty();
        foreach (var size in new[] { 1, 7, 50 })
            Json.Of(world.Scorecards(size, live: true)).ShouldBe(Json.Of(rebuilt));
    }
}
