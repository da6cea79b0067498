using Bunit;
using EventWorkbench.Analytics;
using EventWorkbench.Export;
using EventWorkbench.Web.Components.Layout;
using EventWorkbench.Web.Features.Dashboards;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Dashboards;

/// <summary>
/// In the explorer, a group without a value and a value spelled "(none)" are two bars, two table rows and two CSV rows,
/// each opening its own proposals.
/// </summary>
public sealed class ExploreResultTests : BunitContext
{
    private static readonly ExploreRequest ByProduct = new(ExploreDimension.Product, ExploreMeasure.Count, null, new DashboardFilter());
    private static readonly ExploreRequest SplitByProduct = new(ExploreDimension.Model, ExploreMeasure.Count, ExploreDimension.Product, new DashboardFilter());

    private static readonly IReadOnlyList<ExploreRow> Rows =
        [new ExploreRow(null, null, 3, 3), new ExploreRow("(none)", null, 2, 2), new ExploreRow("support", null, 5, 5)];

    public ExploreResultTests()
    {
        Services.AddMudServices();
        Services.AddScoped<ThemeChoice>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Missing_and_a_value_spelled_none_are_two_bars_with_their_own_numbers()
    {
        var chart = ExploreResult.Chart(ByProduct, Rows);

        chart.Labels.ShouldBe([ChartData.Missing, "(none)", "support"]);
        chart.Series.Single().Values.ShouldBe([3.0, 2.0, 5.0]);
        var axis = PlotlyFigure.For(chart, ChartKind.Bars, ChartColours.For(isDark: false), categoryLabels: true).Layout.XAxis.Single();
        axis.TickText.ShouldBe(["<i>(none)</i>", "(none)", "support"]);
    }

    [Fact]
    public void A_split_without_a_value_and_one_spelled_none_are_two_series()
    {
        var chart = ExploreResult.Chart(SplitByProduct, [new ExploreRow("gpt-x", null, 1, 1), new ExploreRow("gpt-x", "(none)", 4, 4)]);

        chart.Series.Select(s => (s.Name, s.Values.Single())).ShouldBe([(ChartData.Missing, (double?)1.0), ("(none)", 4.0)]);
        ExploreAddress.QueueFor(SplitByProduct, new ChartPoint("gpt-x", ChartData.Missing)).ShouldBeNull();
        ExploreAddress.QueueFor(SplitByProduct, new ChartPoint("gpt-x", "(none)")).ShouldBe("review?product=(none)&model=gpt-x");
    }

    [Fact]
    public void The_table_and_CSV_tell_missing_from_a_value_spelled_none()
    {
        var chart = ExploreResult.Chart(ByProduct, Rows);
        var card = Render<BarChartCard>(p => p.Add(c => c.Name, "explore").Add(c => c.Title, "Proposals by product").Add(c => c.Data, chart));
        card.Find("[data-testid=table-toggle]").Click();

        var headers = card.FindAll("[data-testid=chart-table] tbody th");
        headers.Select(th => th.InnerHtml.Trim()).ShouldBe(["<em class=\"chart-missing\" title=\"No value\">(none)</em>", "(none)", "support"]);
        var reader = new StringReader(ChartCsv.Write(chart));
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["Product", "Proposals"]);
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["", "3"]);
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["(none)", "2"]);
    }
}
