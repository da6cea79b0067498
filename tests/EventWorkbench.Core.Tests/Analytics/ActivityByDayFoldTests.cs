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
    public void A_corrected_product_counts_from_the_correction_on_and_leaves_earlier_counts_where_they_were()
    {
        var world = new AnalyticsWorld();
        var started = world.Started("s", "suport");
        world.Generated("s", "p1");
        world.Corrected("s", started.Version, new { product = "support" });
        world.Accepted("s", "p1");

        foreach (var activity in new[] { world.Activity(), world.Activity(batchSize: 1, live: true), world.Activity(batchSize: 3, live: true) })
        {
            activity[ActivityByDay.IdFor(Day, "suport")].Total.ShouldBe(2);
            activity[ActivityByDay.IdFor(Day, "support")].EventsByType.ShouldBe(new Dictionary<string, long> { ["event_corrected"] = 1, ["proposal_accepted"] = 1 }, ignoreOrder: true);
        }
    }

    [Fact]
    public void Folded_batch_by_batch_equals_one_rebuild()
    {
        var world = new AnalyticsWorld();
        GeneratedWorld.Fill(world, seed: 11, streams: 5, eventsPerStream: 40);

        var rebuilt = world.Activity();
        rebuilt.Values.Sum(a => a.Total).ShouldBe(200);
        foreach (var size in new[] { 1, 9, 64 }) Json.Of(world.Activity(size, live: true)).ShouldBe(Json.Of(rebuilt));
    }
}
