using EventWorkbench.Analytics;

namespace EventWorkbench.Core.Tests.Analytics;

/// <summary>The dashboards read the analytics documents' figures on real PostgreSQL, narrowed by days, product, model and prompt.</summary>
public sealed class DashboardQueriesTests(AnalyticsDatabase database) : IClassFixture<AnalyticsDatabase>
{
    private readonly DashboardQueries _queries = new(database.DataSource);

    [Fact]
    public async Task Everything_is_read_when_nothing_is_filtered()
    {
        var figures = await _queries.LoadAsync(new DashboardFilter());

        figures.Scorecards.Count.ShouldBe(4);
        var card = figures.Scorecards.Single(s => s.PromptVersion == "v2");
        (card.Model, card.Product, card.Day, card.AcceptedUnchanged, card.AcceptedEdited, card.Rejected, card.Decided)
            .ShouldBe(("gpt-x", "support", AnalyticsDatabase.Day1, 1, 1, 2, 4));
        card.SimilarityBins.ShouldBe([1, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
        card.MedianTimeToDecisionSeconds.ShouldBe(120);
        card.DecisionSeconds.ShouldBe([120, 120, 120, 120]);
        figures.Activity.Count.ShouldBe(2);
        figures.Activity.Single(a => a.Product == "support").EventsByType["proposal_accepted"].ShouldBe(6);
        figures.Reviewers.Select(r => r.Person).ShouldBe(["ana", "tom"]);
        figures.Reviewers[0].AgreementRate.ShouldBe(0.75);
        figures.Reviewers[0].ByDay.ShouldBe(new Dictionary<DateOnly, DailyReviewWork>
        {
            [AnalyticsDatabase.Day1] = new(2, 1, 0), [AnalyticsDatabase.Day2] = new(1, 0, 1),
        });
        figures.Reviewers[1].AgreementRate.ShouldBeNull();
        figures.Reviewers[1].ByDay.Keys.ShouldBe([AnalyticsDatabase.Day2]); // a day without work draws no bar
    }

    [Fact]
    public async Task Days_narrow_scorecards_activity_and_each_persons_days_and_agreement()
    {
        var figures = await _queries.LoadAsync(new DashboardFilter { From = AnalyticsDatabase.Day2, To = AnalyticsDatabase.Day2 });

        figures.Scorecards.ShouldAllBe(s => s.Day == AnalyticsDatabase.Day2);
        figures.Scorecards.Count.ShouldBe(2);
        figures.Activity.Select(a => a.Product).ShouldBe(["legal"]);
        var ana = figures.Reviewers.Single(r => r.Person == "ana");
        ana.ByDay.Keys.ShouldBe([AnalyticsDatabase.Day2]);
        (ana.JudgedWithOthers, ana.AgreedWithOthers).ShouldBe((1, 0)); // the proposals generated on those days
    }

    [Fact]
    public async Task Product_model_and_prompt_version_narrow_the_scorecards()
    {
        (await _queries.LoadAsync(new DashboardFilter { Product = "support" })).Scorecards.Count.ShouldBe(3);
        (await _queries.LoadAsync(new DashboardFilter { Model = "gpt-x" })).Scorecards.Count.ShouldBe(3);
        var one = await _queries.LoadAsync(new DashboardFilter { Model = "gpt-x", PromptVersion = "v1", Product = "legal" });
        one.Scorecards.Single().Day.ShouldBe(AnalyticsDatabase.Day2);
        one.Activity.Select(a => a.Product).ShouldBe(["legal"]); // the model does not narrow events
    }

    [Fact]
    public async Task Choices_list_each_product_model_and_prompt_version_once()
    {
        var choices = await _queries.ChoicesAsync();

        choices.Products.ShouldBe(["legal", "support"]);
        choices.Models.ShouldBe(["claude-y", "gpt-x"]);
        choices.PromptVersions.ShouldBe(["v1", "v2"]);
    }
}
