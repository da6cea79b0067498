using EventWorkbench.Analytics;

namespace EventWorkbench.Tests.Analytics;

public sealed class ReviewerActivityFoldTests
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(AnalyticsWorld.Start.UtcDateTime);

    [Fact]
    public void Decisions_edits_curations_by_day_and_the_median_time_to_decision_are_the_persons_own()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "p1");
        world.Edited("s", "p1", "It ships on Monday.", editor: "ana");
        world.Accepted("s", "p1", by: "ana", after: TimeSpan.FromSeconds(20));      // 30 s after generation
        world.Generated("s", "p2");
        world.Rejected("s", "p2", by: "ana", after: TimeSpan.FromSeconds(50));      // 50 s
        world.Generated("s", "p3");
        world.Rejected("s", "p3", by: "bob", after: TimeSpan.FromDays(1));
        world.Curated("s", "p3", "exclude", by: "ana");
        world.Accepted("s", "p-never-generated", by: "ana");

        var people = world.Reviewers();

        var ana = people["ana"];
        (ana.Decisions, ana.Accepted, ana.Rejected, ana.Edits, ana.Curations).ShouldBe((2, 1, 1, 1, 1));
        ana.MedianTimeToDecisionSeconds.ShouldBe(40);
        ana.ByDay[Day].ShouldBe(new DailyReviewWork(2, 1, 0));
        ana.ByDay[Day.AddDays(1)].ShouldBe(new DailyReviewWork(0, 0, 1));
        var bob = people["bob"];
        (bob.Decisions, bob.Rejected, bob.MedianTimeToDecisionSeconds).ShouldBe((1, 1, 86_400.0));
        bob.ByDay.Keys.ShouldBe([Day.AddDays(1)]);
    }

    [Fact]
    public void Agreement_counts_a_proposal_judged_by_two_people_for_each_and_agreed_only_when_the_signs_match()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "agreed");
        world.Accepted("s", "agreed", by: "ana");
        world.Curated("s", "agreed", "include", by: "ml");       // accept and include: both positive
        world.Generated("s", "disputed");
        world.Rejected("s", "disputed", by: "ana");
        world.Curated("s", "disputed", "include", by: "ml");
        world.Accepted("s", "disputed", by: "bob");
        world.Generated("s", "alone");
        world.Accepted("s", "alone", by: "ana");

        var people = world.Reviewers(batchSize: 2, live: true);

        (people["ana"].JudgedWithOthers, people["ana"].AgreedWithOthers, people["ana"].AgreementRate).ShouldBe((2, 1, 0.5));
        (people["ml"].JudgedWithOthers, people["ml"].AgreedWithOthers).ShouldBe((2, 1));  // disputed: bob agrees, ana not
        (people["bob"].JudgedWithOthers, people["bob"].AgreedWithOthers).ShouldBe((1, 0));
    }

    [Fact]
    public void A_persons_latest_judgement_stands_and_a_corrected_label_turns_the_agreement_round()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "p1");
        world.Rejected("s", "p1", by: "ana");
        world.Accepted("s", "p1", by: "bob");
        world.Accepted("s", "p1", by: "ana");                     // ana changes her mind: agrees with bob now
        (world.Reviewers()["ana"].AgreedWithOthers, world.Reviewers()["bob"].AgreedWithOthers).ShouldBe((1, 1));

        var label = world.Curated("s", "p1", "include", by: "ana"); // still positive
        world.Corrected("s", label.Version, new { verdict = "exclude" });

        foreach (var people in new[] { world.Reviewers(), world.Reviewers(batchSize: 1, live: true) })
        {
            (people["ana"].JudgedWithOthers, people["ana"].AgreedWithOthers).ShouldBe((1, 0));
            (people["bob"].JudgedWithOthers, people["bob"].AgreedWithOthers).ShouldBe((1, 0));
            (people["ana"].Decisions, people["ana"].Curations).ShouldBe((2, 1));
        }
    }

    [Fact]
    public void Folded_batch_by_batch_while_appends_go_on_equals_one_rebuild()
    {
        var world = new AnalyticsWorld();
        GeneratedWorld.Fill(world, seed: 3, streams: 6, eventsPerStream: 50);

        var rebuilt = world.Reviewers();
        rebuilt.Keys.ShouldBe(["ana", "lee", "tom"], ignoreOrder: true);
        rebuilt.Values.ShouldContain(p => p.JudgedWithOthers > 0);
        foreach (var size in new[] { 1, 5, 40 }) Json.Of(world.Reviewers(size, live: true)).ShouldBe(Json.Of(rebuilt));
    }

    [Theory]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 9, 1, 5 }, 5)]
    [InlineData(new double[] { 4, 1, 3, 10 }, 3.5)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double median) =>
        Median.Of(values).ShouldBe(median);

    [Fact]
    public void No_values_have_no_median() => Median.Of([]).ShouldBeNull();
}
