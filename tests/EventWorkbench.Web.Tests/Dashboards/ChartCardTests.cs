using Bunit;
using EventWorkbench.Export;
using EventWorkbench.Web.Components.Layout;
using EventWorkbench.Web.Features.Dashboards;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Dashboards;

/// <summary>A chart card shows its chart, or the same numbers as a table, and downloads them as formula-safe CSV.</summary>
public sealed class ChartCardTests : BunitContext
{
    private static readonly ChartData Rates = new("Day", "Accepted", ValueFormat.Share, ["2026-11-02", "2026-11-03"],
        [new ChartSeries("gpt-x · v1", [0.75, null]), new ChartSeries("=HYPERLINK(\"http://evil\")", [0.5, 1.0])]);

    public ChartCardTests()
    {
        Services.AddMudServices();
        Services.AddScoped<ThemeChoice>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<LineChartCard> RenderCard(ChartData data) => Render<LineChartCard>(p => p
        .Add(c => c.Name, "acceptance-rate").Add(c => c.Title, "Acceptance rate").Add(c => c.Data, data));

    [Fact]
    public void The_table_toggle_shows_the_same_numbers_as_a_table_and_back()
    {
        var card = RenderCard(Rates);
        card.FindAll("[data-testid=chart-table]").ShouldBeEmpty();
        card.FindAll(".chart-plot").Count.ShouldBe(1);

        card.Find("[data-testid=table-toggle]").Click();

        var table = card.Find("[data-testid=chart-table]");
        table.QuerySelectorAll("thead th").Select(th => th.TextContent).ShouldBe(["Day", "gpt-x · v1", "=HYPERLINK(\"http://evil\")"]);
        table.QuerySelectorAll("tbody tr").Select(tr => string.Join('|', tr.Children.Select(c => c.TextContent)))
            .ShouldBe(["2026-11-02|75.0%|50.0%", "2026-11-03|–|100.0%"]);
        card.FindAll(".chart-plot").ShouldBeEmpty();
        card.Find("[data-testid=table-toggle]").GetAttribute("aria-pressed").ShouldBe("true");

        card.Find("[data-testid=table-toggle]").Click();
        card.FindAll("[data-testid=chart-table]").ShouldBeEmpty();
    }

    [Fact]
    public void The_CSV_holds_the_same_numbers_with_formulas_neutralised()
    {
        var link = RenderCard(Rates).Find("[data-testid=download-csv]");
        link.GetAttribute("download").ShouldBe("acceptance-rate.csv");
        var href = link.GetAttribute("href")!;
        href.ShouldStartWith("data:text/csv;charset=utf-8,");
        var csv = Uri.UnescapeDataString(href["data:text/csv;charset=utf-8,".Length..]);

        csv.ShouldBe(ChartCsv.Write(Rates));
        var reader = new StringReader(csv);
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["Day", "gpt-x · v1", "'=HYPERLINK(\"http://evil\")"]);
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["2026-11-02", "0.75", "0.5"]);
        CsvRecords.Fields(CsvRecords.Read(reader)!).ShouldBe(["2026-11-03", "", "1"]);
        CsvRecords.Read(reader).ShouldBeNull();
    }

    [Fact]
    public void A_chart_without_numbers_says_so_and_offers_no_download()
    {
        var card = RenderCard(ChartData.Empty("Day", "Accepted", ValueFormat.Share));

        card.Find("[data-testid=chart-empty]").TextContent.ShouldContain("Nothing to show");
        card.Find("[data-testid=download-csv]").HasAttribute("href").ShouldBeFalse();
    }
}
