using EventWorkbench.Analytics;
using EventWorkbench.Web.Features.Dashboards;

namespace EventWorkbench.Web.Tests.Dashboards;

/// <summary>The dashboards' time charts by day, week and month: counts summed over a step's days, rates taken from those sums.</summary>
public sealed class DashboardChartsTests
{
    // Tuesday and Thursday of the week from Monday 2026-11-02; the last day of November and the first of December.
    private static readonly DateOnly Tuesday = new(2026, 11, 3), Thursday = new(2026, 11, 5), November30 = new(2026, 11, 30), December1 = new(2026, 12, 1);

    private static ScorecardFigures Card(DateOnly day, int acceptedUnchanged, int acceptedEdited, int rejected, double medianSeconds) =>
        Card(day, acceptedUnchanged, acceptedEdited, rejected, [.. Enumerable.Repeat(medianSeconds, acceptedUnchanged + acceptedEdited + rejected)]);

    private static ScorecardFigures Card(DateOnly day, int acceptedUnchanged, int acceptedEdited, int rejected, double[] decisionSeconds, string model = "gpt-x", string prompt = "v1") =>
        new(model, prompt, "support", day, acceptedUnchanged + acceptedEdited + rejected, 0, acceptedUnchanged, acceptedEdited, rejected,
            0.9, new int[10], Median.Of(decisionSeconds), decisionSeconds);

    private static DashboardFigures Figures(params ScorecardFigures[] cards) => new(cards,
        [
            new DailyActivity(Tuesday, "support", new Dictionary<string, long> { ["proposal_generated"] = 4, ["proposal_accepted"] = 3 }),
            new DailyActivity(Thursday, "support", new Dictionary<string, long> { ["proposal_generated"] = 1 }),
        ],
        [new ReviewerFigures("ana", 2, 1, new Dictionary<DateOnly, DailyReviewWork> { [Tuesday] = new(3, 1, 0), [Thursday] = new(1, 0, 2) })]);

    [Theory]
    [InlineData("2026-11-02", "2026-11-02")] // a Monday is its own week's start
    [InlineData("2026-11-05", "2026-11-02")]
    [InlineData("2026-11-08", "2026-11-02")] // a Sunday belongs to the week before it
    [InlineData("2026-11-09", "2026-11-09")]
    public void A_week_starts_on_the_Monday_on_or_before_its_days(string day, string monday) =>
        TimeStep.Week.Label(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(monday);

    [Fact]
    public void By_day_each_day_is_its_own_point()
    {
        var charts = DashboardCharts.From(Figures(Card(Tuesday, 2, 1, 1, 60), Card(Thursday, 0, 0, 1, 120)));

        charts.AcceptanceRate.LabelTitle.ShouldBe("Day");
        charts.AcceptanceRate.Labels.ShouldBe(["2026-11-03", "2026-11-05"]);
        charts.AcceptanceRate.Series.Single().Values.ShouldBe([0.75, 0.0]);
    }

    [Fact]
    public void By_week_rates_come_from_the_weeks_counts_not_from_averaging_its_days()
    {
        var charts = DashboardCharts.From(Figures(Card(Tuesday, 2, 1, 1, 60), Card(Thursday, 0, 0, 1, 120)), TimeStep.Week);

        charts.AcceptanceRate.LabelTitle.ShouldBe("Week (from Monday)");
        charts.AcceptanceRate.Labels.ShouldBe(["2026-11-02"]);
        charts.AcceptanceRate.Series.Single().Values.ShouldBe([3 / 5.0], "3 of the week's 5 decisions, not the mean of 0.75 and 0");
        charts.EditRate.Series.Single().Values.ShouldBe([1 / 5.0]);
        charts.RejectRate.Series.Single().Values.ShouldBe([2 / 5.0]);
        charts.TimeToDecision.Series.Single().Values.ShouldBe([60.0], "the median of 60, 60, 60, 60 and 120");
        charts.EventsPerDay.Labels.ShouldBe(["2026-11-02"]);
        charts.EventsPerDay.Series.Select(s => (s.Name, s.Values.Single())).ShouldBe([("proposal_accepted", 3.0), ("proposal_generated", 5.0)]);
        charts.ReviewerThroughput.Series.Single().Values.ShouldBe([7.0], "ana's decisions, edits and curations of both days");
    }

    [Fact]
    public void A_median_over_several_cards_is_the_median_of_their_decisions_not_a_mix_of_their_medians()
    {
        // Tuesday: 10, 20, 1000 (median 20); Thursday: 30, 40, 50 (median 40); another prompt version on Thursday: 45.
        var charts = DashboardCharts.From(Figures(
            Card(Tuesday, 3, 0, 0, [10, 20, 1000]), Card(Thursday, 2, 0, 1, [30, 40, 50]), Card(Thursday, 1, 0, 0, [45], prompt: "v2")), TimeStep.Week);

        charts.TimeToDecision.Series.Single().Values.ShouldBe([40.0], "the middle of 10, 20, 30, 40, 45, 50 and 1000 (the medians weighed by decisions give 32.1)");
    }

    [Fact]
    public void A_model_named_like_a_model_and_prompt_version_is_a_series_of_its_own()
    {
        var charts = DashboardCharts.From(Figures(
            Card(Tuesday, 1, 0, 0, [30], model: "a · b", prompt: ""), Card(Tuesday, 0, 0, 1, [30], model: "a", prompt: "b"),
            Card(Tuesday, 1, 0, 1, [30], model: "gpt-x", prompt: "v1")));

        var series = charts.AcceptanceRate.Series;
        series.Select(s => s.Key).Distinct().Count().ShouldBe(3);
        series.Select(s => s.Name).ShouldBe(["gpt-x · v1", "model “a · b”, no prompt version", "model “a”, prompt version “b”"], ignoreOrder: true);
        series.Single(s => s.Name == "model “a · b”, no prompt version").Values.ShouldBe([1.0]);
        series.Single(s => s.Name == "model “a”, prompt version “b”").Values.ShouldBe([0.0]);
        series.Single(s => s.Name == "gpt-x · v1").Values.ShouldBe([0.5], "a name nothing else reads as stays short");
        // The prerender hands the charts to the live page as JSON: the keys survive it.
        var handedOn = System.Text.Json.JsonSerializer.Deserialize<ChartData>(
            System.Text.Json.JsonSerializer.Serialize(charts.AcceptanceRate, System.Text.Json.JsonSerializerOptions.Web), System.Text.Json.JsonSerializerOptions.Web)!;
        handedOn.Series.Select(s => (s.Key, s.Name)).ShouldBe(series.Select(s => (s.Key, s.Name)));
    }

    [Fact]
    public void By_month_days_on_either_side_of_a_months_end_fall_apart()
    {
        var charts = DashboardCharts.From(Figures(Card(November30, 1, 0, 0, 30), Card(December1, 0, 0, 1, 90)), TimeStep.Month);

        charts.AcceptanceRate.LabelTitle.ShouldBe("Month");
        charts.AcceptanceRate.Labels.ShouldBe(["2026-11-01", "2026-12-01"]);
        charts.AcceptanceRate.Series.Single().Values.ShouldBe([1.0, 0.0]);
        charts.EventsPerDay.Labels.ShouldBe(["2026-11-01"], "the activity of the 3rd and 5th is November's");
    }
}

/// <summary>How Plotly is told to tick a time chart: once a week on its Mondays, once a month, or on its own for days.</summary>
public sealed class TimeAxisTests
{
    private static readonly ChartColours Colours = ChartColours.For(isDark: false);

    private static Plotly.Blazor.LayoutLib.XAxis AxisOf(TimeStep? step) =>
        PlotlyFigure.For(new ChartData("x", "y", ValueFormat.Count, ["2026-11-02", "2026-11-09"], [new ChartSeries("a", [1, 2])]) { Step = step },
            ChartKind.Lines, Colours, categoryLabels: false).Layout.XAxis.Single();

    [Fact]
    public void Weeks_tick_every_seven_days_from_the_first_Monday() =>
        AxisOf(TimeStep.Week).ShouldSatisfyAllConditions(
            axis => axis.DTick.ShouldBe(7L * 24 * 60 * 60 * 1000),
            axis => axis.Tick0.ShouldBe("2026-11-02"),
            axis => axis.TickFormat.ShouldBe("%b %d"));

    [Fact]
    public void Months_tick_once_a_month() =>
        AxisOf(TimeStep.Month).ShouldSatisfyAllConditions(axis => axis.DTick.ShouldBe("M1"), axis => axis.TickFormat.ShouldBe("%b %Y"));

    [Theory]
    [InlineData(TimeStep.Day)]
    [InlineData(null)]
    public void Days_and_other_charts_keep_Plotlys_own_ticks(TimeStep? step) =>
        AxisOf(step).ShouldSatisfyAllConditions(axis => axis.DTick.ShouldBeNull(), axis => axis.Tick0.ShouldBeNull(), axis => axis.TickFormat.ShouldBeNull());
}

/// <summary>Plotly reads tags in any text it draws (<c>&lt;b&gt;</c>, <c>&lt;a href&gt;</c>): names from the events must reach it as text.</summary>
public sealed class PlotlyTextTests
{
    private const string Hostile = "<a href=\"https://evil.example\">gpt & co</a>";

    private static PlotlyFigure Figure(ChartKind kind, bool categoryLabels) => PlotlyFigure.For(
        new ChartData("Model", "Proposals", ValueFormat.Count, [Hostile, "plain"], [new ChartSeries(Hostile, [3, null])]),
        kind, ChartColours.For(isDark: false), categoryLabels);

    private const string Escaped = "&lt;a href=\"https://evil.example\"&gt;gpt &amp; co&lt;/a&gt;";

    [Theory]
    [InlineData(ChartKind.Bars)]
    [InlineData(ChartKind.Lines)]
    public void Series_names_and_hover_texts_go_as_entities(ChartKind kind)
    {
        var trace = Figure(kind, categoryLabels: true).Traces.Single();

        var (name, hover) = trace switch
        {
            Plotly.Blazor.Traces.Bar bar => (bar.Name, bar.HoverTextArray),
            Plotly.Blazor.Traces.Scatter scatter => (scatter.Name, scatter.HoverTextArray),
            _ => throw new InvalidOperationException(),
        };
        name.ShouldBe(Escaped);
        hover.ShouldBe([$"{Escaped}: 3", "plain: –"]);
    }

    [Fact]
    public void Category_labels_are_drawn_from_escaped_tick_texts_while_the_values_stay_as_they_are()
    {
        var axis = Figure(ChartKind.Bars, categoryLabels: true).Layout.XAxis.Single();

        axis.TickVals.ShouldBe([Hostile, "plain"]);
        axis.TickText.ShouldBe([Escaped, "plain"]);
        PlotlyFigure.For(new ChartData("Model", "Proposals", ValueFormat.Count, ["gpt-x"], [new ChartSeries("Proposals", [1])]),
            ChartKind.Bars, ChartColours.For(isDark: false), categoryLabels: true).Layout.XAxis.Single().TickText
            .ShouldBeNull("labels without markup are placed by Plotly itself");
    }
}
