using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Export;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Tests.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Export;

public sealed class ExportPageTests : ReviewTestContext, IClassFixture<ReviewDatabase>
{
    public ExportPageTests(ReviewDatabase database) : base(database, services => services.AddExport())
    {
        SignedIn.Account("ml.ana", AccessRoles.MlEngineer);
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<ExportPage> RenderAt(string address)
    {
        Navigation.NavigateTo(address);
        return Render<ExportPage>();
    }

    [Fact]
    public async Task The_page_previews_the_first_rows_as_text_with_counts_per_split_pinned_to_the_latest_sequence()
    {
        var highWaterMark = await new DatasetExporter(Database.Store).ResolveAsOfAsync(null);
        var page = RenderAt("export?format=trl-sft&product=support-replies");

        page.WaitForAssertion(() => page.FindAll("[data-testid=export-line]").Count.ShouldBe(2), Wait);
        page.Find("[data-testid=export-written]").TextContent.ShouldBe("2 rows in trl-sft.all.jsonl");
        page.FindAll("[data-testid=export-counts] [data-count]").Select(chip => long.Parse(chip.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Sum().ShouldBe(2);
        page.Find("[data-testid=export-dropped]").TextContent.ShouldContain("0 excluded by curation");
        var asOf = long.Parse(page.Find("[data-testid=export-asof-value]").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        asOf.ShouldBeGreaterThanOrEqualTo(highWaterMark);
        var lines = page.FindAll("[data-testid=export-line]").Select(line => line.TextContent).ToList();
        lines.ShouldContain(line => line.StartsWith("{\"messages\":[", StringComparison.Ordinal) && line.Contains("from Hamburg."));
        page.FindAll(".export-line img, .export-line script").ShouldBeEmpty("AI output and edits are text, never markup");
        page.Find("[data-testid=export-download]").GetAttribute("href").ShouldBe($"export/download/trl-sft?asOf={asOf}&product=support-replies");
        page.Find("[data-testid=export-manifest]").GetAttribute("href").ShouldBe($"export/download/trl-sft?asOf={asOf}&product=support-replies&part=manifest");
    }

    [Fact]
    public async Task A_long_row_is_cut_visibly_and_the_preview_stays_small()
    {
        await Database.Seed("ex-long", "export-long", ReviewDatabase.Generated("p1", "Short."),
            ReviewDatabase.Edit("p1", "agent.tom", new string('x', 20_000), null), ReviewDatabase.Decided("proposal_accepted", "p1"));
        var page = RenderAt("export?format=trl-dpo&product=export-long");

        page.WaitForAssertion(() => page.FindAll("[data-testid=export-line]").Count.ShouldBe(1), Wait);
        page.Find("[data-testid=export-cut]").TextContent.ShouldMatch(@"… [\d,]+ more bytes not shown");
        page.Find("[data-testid=export-line]").TextContent.Length.ShouldBeLessThan(ExportPreviews.MaxBytesPerLine + 100);
    }

    [Fact]
    public void Choices_go_to_the_address_and_an_address_it_cannot_read_says_why()
    {
        var page = RenderAt("export?format=zip&ratios=1,1");

        page.WaitForAssertion(() => page.Find("[data-testid=export-load-problem]").TextContent.ShouldContain("format 'zip' is not one of"), Wait);
        page.Find("[data-testid=export-load-problem]").TextContent.ShouldContain("ratios '1,1'");

        var options = page.FindComponent<ExportOptions>();
        page.InvokeAsync(() => options.Instance.RequestChanged.InvokeAsync(new ExportRequest
        {
            Format = ExportFormat.OpenaiDpo, Container = ExportContainer.JsonlGz, Split = DatasetSplit.Validation, Seed = 7, Dedup = false,
            Ratios = new SplitRatios(0.7, 0.2, 0.1), Filter = new ExportFilter { Tags = ["gold", "v2"], Reviewer = "agent.tom" },
        }));

        // The change runs on the renderer's dispatcher, after whatever the page is still rendering: wait for the address.
        page.WaitForAssertion(() => Uri.UnescapeDataString(Navigation.Uri).ShouldEndWith(
            "export?format=openai-dpo&container=jsonl.gz&split=validation&seed=7&ratios=0.7,0.2,0.1&dedup=false&reviewer=agent.tom&tags=gold,v2"), Wait);
        page.WaitForAssertion(() => page.FindAll("[data-testid=export-load-problem]").ShouldBeEmpty(), Wait);
        page.WaitForAssertion(() => page.Find("[data-testid=export-written]").TextContent.ShouldEndWith("openai-dpo.validation.jsonl.gz"), Wait);
    }
}
