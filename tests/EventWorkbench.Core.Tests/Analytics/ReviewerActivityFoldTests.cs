using EventWorkbench.Analytics;

namespace EventWorkbench.Tests.Analytics;

public sealed class ReviewerActivityFoldTests
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(AnalyticsWorld.Start.UtcDateTime);

    [Fact]
    public void Each_persons_day_holds_the_decisions_edits_and_curations_of_that_day_and_the_median_of_its_decisions()
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

        var days = world.Reviewers();

        var anaFirst = days[ReviewerActivity.IdFor("ana", Day)];
        (anaFirst.Person, anaFirst.Day).ShouldBe(("ana", Day));
        (anaFirst.Decisions, anaFirst.Accepted, anaFirst.Rejected, anaFirst.Edits, anaFirst.Curations).ShouldBe((2, 1, 1, 1, 0));
        anaFirst.MedianTimeToDecisionSeconds.ShouldBe(40);
        var anaNext = days[ReviewerActivity.IdFor("ana", Day.AddDays(1))];
        (anaNext.Decisions, anaNext.Curations, anaNext.MedianTimeToDecisionSeconds).ShouldBe((0, 1, null));
        var bobNext = days[ReviewerActivity.IdFor("bob", Day.AddDays(1))];
        (bobNext.Decisions, bobNext.Rejected, bobNext.MedianTimeToDecisionSeconds).ShouldBe((1, 1, 86_400.0));
        // p3 was generated on the first day: both judgements of it count there, beside no work of bob's.
        var bobFirst = days[ReviewerActivity.IdFor("bob", Day)];
        (bobFirst.Decisions, bobFirst.JudgedWithOthers, bobFirst.AgreedWithOthers).ShouldBe((0, 1, 1));
        (anaFirst.JudgedWithOthers, anaNext.JudgedWithOthers).ShouldBe((1, 0));
        days.Count.ShouldBe(4);
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

        var people = OnTheDay(world.Reviewers(batchSize: 2, live: true));

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
        (OnTheDay(world.Reviewers())["ana"].AgreedWithOthers, OnTheDay(world.Reviewers())["bob"].AgreedWithOthers).ShouldBe((1, 1));

        var label = world.Curated("s", "p1", "include", by: "ana"); // still positive
        world.Corrected("s", label.Version, new { verdict = "exclude" });

        foreach (var people in new[] { OnTheDay(world.Reviewers()), OnTheDay(world.Reviewers(batchSize: 1, live: true)) })
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
        rebuilt.Values.Select(day => day.Person).Distinct().ShouldBe(["ana", "lee", "tom"], ignoreOrder: true);
        rebuilt.Values.ShouldAllBe(day => day.Id == ReviewerActivity.IdFor(day.Person, day.Day));
        rebuilt.Values.ShouldContain(p => p.JudgedWithOthers > 0);
        foreach (var size in new[] { 1, 5, 40 }) Json.Of(world.Reviewers(size, live: true)).ShouldBe(Json.Of(rebuilt));
    }

    /// <summary>Each person's document of <see cref="Day"/>, by person, where every event of a test falls.</summary>
    private static Dictionary<string, ReviewerActivity> OnTheDay(Dictionary<string, ReviewerActivity> days)
    {
        days.Values.ShouldAllBe(day => day.Day == Day);
        return days.Values.ToDictionary(day => day.Person);
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
