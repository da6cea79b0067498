using EventWorkbench.Analytics;
using EventWorkbench.Streams;

namespace EventWorkbench.Core.Tests.Analytics;

/// <summary>The explorer's one GROUP BY over the stored proposal reviews: every dimension, every measure, splits and filters.</summary>
public sealed class ExploreQueriesTests(AnalyticsDatabase database) : IClassFixture<AnalyticsDatabase>
{
    private readonly ExploreQueries _queries = new(database.DataSource);

    private Task<IReadOnlyList<ExploreRow>> Run(ExploreDimension dimension, ExploreMeasure measure = ExploreMeasure.Count, ExploreDimension? split = null, DashboardFilter? filter = null) =>
        _queries.RunAsync(new ExploreRequest(dimension, measure, split, filter ?? new DashboardFilter()));

    private static IEnumerable<(string?, double?)> Values(IReadOnlyList<ExploreRow> rows) => rows.Select(r => (r.Label, r.Value));

    [Theory]
    [InlineData(ExploreDimension.Model, "claude-y:2 gpt-x:3")]
    [InlineData(ExploreDimension.PromptVersion, "v1:2 v2:1 -:2")]
    [InlineData(ExploreDimension.Product, "legal:1 support:3 -:1")]
    [InlineData(ExploreDimension.Channel, "chat:3 email:1 ide:1")]
    [InlineData(ExploreDimension.Reviewer, "ana:2 tom:2 -:1")]
    [InlineData(ExploreDimension.EditCategory, "minor_wording:1 substantial_rewrite:1 unchanged:1 -:2")]
    [InlineData(ExploreDimension.Day, "2026-11-02:2 2026-11-03:1 2026-11-10:2")]
    [InlineData(ExploreDimension.Week, "2026-11-02:3 2026-11-09:2")]
    public async Task Each_dimension_counts_its_proposals(ExploreDimension dimension, string expected)
    {
        var rows = await Run(dimension);

        string.Join(' ', rows.OrderBy(r => r.Label is null).ThenBy(r => r.Label, StringComparer.Ordinal).Select(r => $"{r.Label ?? "-"}:{r.Value}")).ShouldBe(expected);
        rows.ShouldAllBe(r => r.Value == r.Proposals);
    }

    [Fact]
    public async Task Acceptance_and_edit_rates_count_decided_proposals_only()
    {
        Values(await Run(ExploreDimension.Model, ExploreMeasure.AcceptanceRate)).ShouldBe([("claude-y", 1.0), ("gpt-x", 2.0 / 3)]);
        Values(await Run(ExploreDimension.Model, ExploreMeasure.EditRate)).ShouldBe([("claude-y", 1.0), ("gpt-x", 1.0 / 3)]);
    }

    [Fact]
    public async Task Mean_similarity_and_median_time_leave_out_proposals_without_them()
    {
        var similarity = await Run(ExploreDimension.Model, ExploreMeasure.MeanSimilarity);
        similarity.Single(r => r.Label == "gpt-x").Value!.Value.ShouldBe(0.8, 1e-9);
        similarity.Single(r => r.Label == "claude-y").Value!.Value.ShouldBe(0.2, 1e-9);

        // gpt-x decided in 60, 120 and 30 seconds: the median is 60; claude-y's one decision took 300.
        Values(await Run(ExploreDimension.Model, ExploreMeasure.MedianTimeToDecision)).ShouldBe([("claude-y", 300.0), ("gpt-x", 60.0)]);
    }

    [Fact]
    public async Task A_split_groups_by_both_dimensions()
    {
        var rows = await Run(ExploreDimension.Model, split: ExploreDimension.Channel);

        rows.Select(r => (r.Label, r.Split, r.Value)).ShouldBe(
            [("claude-y", "chat", 1.0), ("claude-y", "ide", 1.0), ("gpt-x", "chat", 2.0), ("gpt-x", "email", 1.0)]);
    }

    [Fact]
    public async Task Days_product_model_and_prompt_version_filter_the_proposals()
    {
        var week1 = new DashboardFilter { From = AnalyticsDatabase.Day1, To = AnalyticsDatabase.Day2 };
        Values(await Run(ExploreDimension.Model, filter: week1)).ShouldBe([("gpt-x", 3.0)]);
        Values(await Run(ExploreDimension.Day, filter: new DashboardFilter { From = AnalyticsDatabase.Day2, To = AnalyticsDatabase.Day2 })).ShouldBe([("2026-11-03", 1.0)]);
        Values(await Run(ExploreDimension.Channel, filter: new DashboardFilter { Product = "support", PromptVersion = "v1" })).ShouldBe([("chat", 1.0), ("email", 1.0)]);
        Values(await Run(ExploreDimension.Product, filter: new DashboardFilter { Model = "claude-y" })).ShouldBe([(null, 1.0), ("legal", 1.0)]);
    }

    [Fact]
    public async Task Mean_similarity_counts_decided_proposals_only_as_the_scorecards_do()
    {
        // Still pending, with a draft edit: its similarity is to a draft, not to a final text.
        var draft = AnalyticsDatabase.Review("s9", "gpt-x", "v1", "support", "chat", AnalyticsDatabase.Day1, ProposalOutcome.Pending, null, 0.1, null, "substantial_rewrite");
        await using var _ = await database.StoreForOneTestAsync(draft);

        var similarity = await Run(ExploreDimension.Model, ExploreMeasure.MeanSimilarity, filter: new DashboardFilter { Model = "gpt-x" });

        similarity.Single().Value!.Value.ShouldBe(0.8, 1e-9); // 1.0 and 0.6, as before the draft
    }

    [Fact]
    public async Task The_last_day_there_is_can_end_the_days()
    {
        var rows = await Run(ExploreDimension.Model, filter: new DashboardFilter { From = AnalyticsDatabase.Day3, To = DateOnly.MaxValue });

        Values(rows).ShouldBe([("claude-y", 2.0)]);
    }
}
