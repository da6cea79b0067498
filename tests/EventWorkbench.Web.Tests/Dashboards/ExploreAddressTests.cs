using EventWorkbench.Analytics;
using EventWorkbench.Review;
using EventWorkbench.Web.Features.Review;
using EventWorkbench.Web.Features.Dashboards;

namespace EventWorkbench.Web.Tests.Dashboards;

/// <summary>The explorer's and dashboards' choices live in the address, and a bar opens the queue filtered to its proposals.</summary>
public sealed class ExploreAddressTests
{
    [Fact]
    public void A_choice_survives_its_address()
    {
        var request = new ExploreRequest(ExploreDimension.Channel, ExploreMeasure.MedianTimeToDecision, ExploreDimension.Week,
            new DashboardFilter { From = new(2026, 11, 1), To = new(2026, 11, 30), Product = "support", Model = "gpt-x", PromptVersion = "v2" });

        var address = ExploreAddress.For(request);

        address.ShouldBe("explore?dimension=channel&measure=median_time_to_decision&split=week&from=2026-11-01&to=2026-11-30&product=support&model=gpt-x&promptVersion=v2");
        var (read, errors) = ExploreAddress.Read("http://host/" + address);
        errors.ShouldBeEmpty();
        read.ShouldBe(request);
    }

    [Fact]
    public void An_unreadable_address_names_what_is_wrong_and_falls_back_to_the_default()
    {
        var (request, errors) = ExploreAddress.Read("http://host/explore?dimension=colour&from=2026-13-01");

        request.ShouldBe(ExploreRequest.Default);
        errors.ShouldContain(e => e.Contains("dimension 'colour'"));
        errors.ShouldContain(e => e.Contains("from '2026-13-01'"));
    }

    [Fact]
    public void Dashboard_days_after_each_other_are_refused()
    {
        var (filter, errors) = DashboardAddress.Read("http://host/dashboards?from=2026-11-05&to=2026-11-01&product=x");

        filter.ShouldBe(new DashboardFilter());
        errors.ShouldBe(["from must not be after to"]);
    }

    [Theory]
    [InlineData("product")]
    [InlineData("model")]
    [InlineData("promptVersion")]
    public void A_filter_holding_the_nul_character_is_refused_naming_it(string name)
    {
        // PostgreSQL cannot take NUL in text: the query would fail with its own error instead.
        var (filter, errors) = DashboardAddress.Read($"http://host/dashboards?from=2026-11-01&{name}=a%00b");

        filter.ShouldBe(new DashboardFilter());
        errors.ShouldBe([$"{name} must not contain the NUL character (%00)"]);
    }

    [Fact]
    public void A_dashboard_view_survives_its_address_and_leaves_per_day_out()
    {
        var view = new DashboardView(new DashboardFilter { From = new(2026, 11, 1), Product = "support" }, TimeStep.Week);

        var address = DashboardAddress.For(view);

        address.ShouldBe("dashboards?from=2026-11-01&product=support&per=week");
        DashboardAddress.ReadView("http://host/" + address).ShouldBe((view, (IReadOnlyList<string>)[]));
        DashboardAddress.For(view with { Per = TimeStep.Day }).ShouldBe("dashboards?from=2026-11-01&product=support");
        DashboardAddress.ReadView("http://host/dashboards?per=Month").View.Per.ShouldBe(TimeStep.Month);
    }

    [Fact]
    public void An_unknown_step_is_refused_naming_the_steps_and_everything_is_shown_by_day()
    {
        var (view, errors) = DashboardAddress.ReadView("http://host/dashboards?product=support&per=fortnight");

        view.ShouldBe(new DashboardView());
        errors.ShouldBe(["per 'fortnight' is not one of day, week, month"]);
    }

    [Theory]
    [InlineData(ExploreDimension.Channel, "email", null, "review?channel=email")]
    [InlineData(ExploreDimension.Reviewer, "ana", null, "review?reviewer=ana")]
    [InlineData(ExploreDimension.EditCategory, "minor_wording", null, "review?category=minor_wording")]
    [InlineData(ExploreDimension.Day, "2026-11-03", null, "review?from=2026-11-03&to=2026-11-03")]
    [InlineData(ExploreDimension.Week, "2026-11-02", null, "review?from=2026-11-02&to=2026-11-08")]
    [InlineData(ExploreDimension.Model, "gpt-x", ExploreDimension.Product, "review?product=support&model=gpt-x")]
    [InlineData(ExploreDimension.Reviewer, ChartData.Missing, null, "review?outcome=pending")] // nobody decided: still pending
    public void A_bar_opens_the_queue_filtered_to_its_proposals(ExploreDimension dimension, string label, ExploreDimension? split, string queue)
    {
        var request = new ExploreRequest(dimension, ExploreMeasure.Count, split, new DashboardFilter());

        ExploreAddress.QueueFor(request, new ChartPoint(label, "support")).ShouldBe(queue);
    }

    [Theory]
    [InlineData(ExploreDimension.Product, ChartData.Missing, null)]
    [InlineData(ExploreDimension.EditCategory, ChartData.Missing, null)]
    [InlineData(ExploreDimension.Model, "gpt-x", ExploreDimension.PromptVersion)]
    public void A_bar_of_proposals_without_a_value_the_queue_can_filter_on_opens_no_queue(ExploreDimension dimension, string label, ExploreDimension? split)
    {
        // The queue cannot narrow to "no product" (or no prompt version, ...): it would open every proposal, not the bar's.
        var request = new ExploreRequest(dimension, ExploreMeasure.Count, split, new DashboardFilter());

        ExploreAddress.QueueFor(request, new ChartPoint(label, ChartData.Missing)).ShouldBeNull();
    }

    [Theory]
    [InlineData(ExploreDimension.Product, null)]
    [InlineData(ExploreDimension.Reviewer, null)]
    [InlineData(ExploreDimension.Model, ExploreDimension.Channel)]
    public void A_bar_of_a_value_spelled_none_opens_the_queue_filtered_to_that_value(ExploreDimension dimension, ExploreDimension? split)
    {
        var request = new ExploreRequest(dimension, ExploreMeasure.Count, split, new DashboardFilter());

        var queue = ExploreAddress.QueueFor(request, new ChartPoint("(none)", split is null ? "Proposals" : "(none)"));

        queue.ShouldBe(ReviewQueueAddress.For(dimension switch
        {
            ExploreDimension.Product => new ProposalFilter { Product = "(none)" },
            ExploreDimension.Reviewer => new ProposalFilter { Reviewer = "(none)" },
            _ => new ProposalFilter { Model = "(none)", Channel = "(none)" },
        }));
        queue!.ShouldNotContain("outcome=pending");
    }

    [Fact]
    public void A_bar_of_a_week_stays_within_the_filters_days()
    {
        var request = new ExploreRequest(ExploreDimension.Week, ExploreMeasure.Count, null,
            new DashboardFilter { From = new(2026, 11, 4), To = new(2026, 11, 6), Model = "gpt-x" });

        ExploreAddress.QueueFor(request, new ChartPoint("2026-11-02", "Proposals")).ShouldBe("review?model=gpt-x&from=2026-11-04&to=2026-11-06");
    }
}
