using EventWorkbench.Analytics;
using EventWorkbench.Streams;

namespace EventWorkbench.Tests.Analytics;

public sealed class ActivityByDayFoldTests
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(AnalyticsWorld.Start.UtcDateTime);

    [Fact]
    public void Every_event_counts_per_type_under_its_day_and_its_streams_product_workbench_streams_under_none()
    {
        var world = new AnalyticsWorld();
        world.Started("s");
        world.Generated("s", "p1");
        world.Generated("s", "p2");
        world.Add("s", new SkillExecuted("lookup", true));
        world.Add("no-start", new SkillExecuted("lookup", false));
        world.Add("workbench-access", new ProjectionRebuilt("ModelScorecard", "admin", 10, 5));
        world.Accepted("s", "p1", after: TimeSpan.FromDays(1));

        var activity = world.Activity();

        activity.Keys.ShouldBe([ActivityByDay.IdFor(Day, "support"), ActivityByDay.IdFor(Day, ""), ActivityByDay.IdFor(Day.AddDays(1), "support")], ignoreOrder: true);
        var support = activity[ActivityByDay.IdFor(Day, "support")];
        (support.Day, support.Product, support.Total).ShouldBe((Day, "support", 4L));
        support.EventsByType.ShouldBe(new Dictionary<string, long> { ["interaction_started"] = 1, ["proposal_generated"] = 2, ["skill_executed"] = 1 }, ignoreOrder: true);
        activity[ActivityByDay.IdFor(Day, "")].EventsByType.ShouldBe(new Dictionary<string, long> { ["skill_executed"] = 1, ["projection_rebuilt"] = 1 }, ignoreOrder: true);
        activity[ActivityByDay.IdFor(Day.AddDays(1), "support")].EventsByType["proposal_accepted"].ShouldBe(1);
    }

    [Fact]
    public void A_corrected_product_takes_every_event_of_the_stream_as_the_scorecards_do()
    {
        var world = new AnalyticsWorld();
        var started = world.Started("s", "suport");
        world.Generated("s", "p1");
        world.Accepted("s", "p1", after: TimeSpan.FromDays(1));
        world.Corrected("s", started.Version, new { product = "support" });
        world.Generated("s", "p2");

        foreach (var activity in Folds(world))
        {
            activity.Keys.ShouldBe([ActivityByDay.IdFor(Day, "support"), ActivityByDay.IdFor(Day.AddDays(1), "support")], ignoreOrder: true);
            activity[ActivityByDay.IdFor(Day, "support")].EventsByType.ShouldBe(
                new Dictionary<string, long> { ["interaction_started"] = 1, ["proposal_generated"] = 1 }, ignoreOrder: true);
            activity[ActivityByDay.IdFor(Day.AddDays(1), "support")].EventsByType.ShouldBe(
                new Dictionary<string, long> { ["proposal_accepted"] = 1, ["event_corrected"] = 1, ["proposal_generated"] = 1 }, ignoreOrder: true);
        }
        world.Scorecards().Values.ShouldAllBe(card => card.Product == "support");
    }

    [Fact]
    public void A_start_appended_after_the_first_events_takes_them_from_no_product_and_a_correction_back_returns_them()
    {
        var world = new AnalyticsWorld();
        world.Generated("s", "p1");
        var started = world.Started("s", "support");
        world.Accepted("s", "p1");
        world.Corrected("s", started.Version, new { product = "legal" });
        world.Corrected("s", started.Version, new { product = "support" });

        foreach (var activity in Folds(world))
        {
            activity.Keys.ShouldBe([ActivityByDay.IdFor(Day, "support")]);
            activity[ActivityByDay.IdFor(Day, "support")].Total.ShouldBe(5);
        }
    }

    /// <summary>One rebuild, and the daemon's folds batch by batch, keeping up with the appends or catching up.</summary>
    private static IEnumerable<Dictionary<string, ActivityByDay>> Folds(AnalyticsWorld world) =>
        [world.Activity(), world.Activity(batchSize: 1, live: true), world.Activity(batchSize: 2, live: true), world.Activity(batchSize: 3), world.Activity(batchSize: 1)];

    [Fact]
    public void Folded_batch_by_batch_equals_one_rebuild()
    {
        var world = new AnalyticsWorld();
        GeneratedWorld.Fill(world, seed: 11, streams: 5, eventsPerStream: 40);

        var rebuilt = world.Activity();
        rebuilt.Values.Sum(a => a.Total).ShouldBe(200);
        foreach (var size in new[] { 1, 9, 64 })
        {
            Json.Of(world.Activity(size, live: true)).ShouldBe(Json.Of(rebuilt));
            Json.Of(world.Activity(size)).ShouldBe(Json.Of(rebuilt));
        }
        // Every stream's events are under its product as corrected, the one its scorecards name.
        var products = world.Reviews().GroupBy(r => r.StreamId).ToDictionary(g => g.Key, g => g.First().Product ?? "");
        foreach (var stream in world.Events.GroupBy(e => e.StreamKey!).Where(s => products.ContainsKey(s.Key)))
        {
            var product = products[stream.Key];
            foreach (var day in stream.GroupBy(e => AnalyticsFacts.DayOf(e.Timestamp)))
                rebuilt[ActivityByDay.IdFor(day.Key, product)].Total.ShouldBeGreaterThanOrEqualTo(day.Count());
        }
        rebuilt.Values.ShouldAllBe(a => a.EventsByType.Values.All(n => n > 0) && a.Total == a.EventsByType.Values.Sum());
    }
}
