using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Datasets;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Tests.Review;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Datasets;

public sealed class DatasetsPageTests : ReviewTestContext, IClassFixture<ReviewDatabase>
{
    private readonly string _product = $"ds-page-{Guid.NewGuid():N}"[..20];

    public DatasetsPageTests(ReviewDatabase database) : base(database, services => services.AddExport().AddDatasets())
    {
        SignedIn.Account("ml.ana", AccessRoles.MlEngineer);
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<DatasetsPage> RenderAt(string address)
    {
        Navigation.NavigateTo(address);
        return Render<DatasetsPage>();
    }

    private ExportRequest Request(long asOf, ExportFormat format = ExportFormat.TrlSft) => new()
    {
        Format = format, AsOf = asOf, Ratios = new SplitRatios(1, 0, 0), Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } },
    };

    private async Task<DatasetExported> RecordAsync(ExportRequest request, string by = "ml.ana")
    {
        var manifest = await new DatasetExporter(Database.Store).WriteAsync(request, Stream.Null, Stream.Null);
        return await new ExportLog(Database.Store).RecordAsync(manifest, by, ExportLog.PageSource);
    }

    /// <summary>v1 with one accepted proposal, then an edit and a new acceptance, then v2.</summary>
    private async Task<(DatasetExported V1, DatasetExported V2, string Stream)> TwoVersionsAsync()
    {
        var stream = $"{_product}-s";
        await Database.Seed(stream, _product, ReviewDatabase.Generated("p1", "Ships <b>Monday</b>."), ReviewDatabase.Decided("proposal_accepted", "p1"));
        var exporter = new DatasetExporter(Database.Store);
        var v1 = await RecordAsync(Request(await exporter.ResolveAsOfAsync(null)));
        await SeedStreams.Append(Database.Appender, stream, "seed", $"corr-{stream}",
            ReviewDatabase.Edit("p1", "agent.bea", "Ships <script>x</script> Tuesday.", null), ReviewDatabase.Decided("proposal_accepted", "p1"));
        var v2 = await RecordAsync(Request(await exporter.ResolveAsOfAsync(null)), by: "ml.bo");
        return (v1, v2, stream);
    }

    [Fact]
    public async Task An_export_that_held_a_subject_erased_since_is_marked_and_the_page_says_to_re_create_it()
    {
        var subject = $"subject-{Guid.NewGuid():N}"[..20];
        await SeedStreams.Append(Database.Appender, $"{_product}-erased", "seed", "corr-erased",
            SeedStreams.Event("interaction_started", new { channel = "chat", product = _product, input = "I am Ada", subjectId = subject }),
            ReviewDatabase.Generated("p1", "Dear Ada."), ReviewDatabase.Decided("proposal_accepted", "p1"));
        var held = await RecordAsync(Request(await new DatasetExporter(Database.Store).ResolveAsOfAsync(null)));
        await using (var owner = EventWorkbench.Erasure.SubjectErasure.OwnerDataSource(Database.Database.AdminConnectionString))
            (await new EventWorkbench.Erasure.SubjectErasure(Database.Store, owner).EraseAsync(new(subject, "admin", "Asked")))
                .ShouldBeOfType<EventWorkbench.Erasure.ErasureOutcome.Erased>();

        var page = RenderAt("/datasets?pageSize=200");

        page.WaitForAssertion(() => page.Find("[data-testid=datasets-erased]").TextContent.ShouldContain("re-create each"), Wait);
        var row = page.Find($"[data-testid=dataset-row][data-export-id='{held.ExportId}']");
        row.QuerySelector("[data-testid=dataset-erased]")!.TextContent.ShouldContain(subject);
    }

    [Fact]
    public async Task The_log_lists_each_export_with_who_format_asOf_rows_sha256_and_a_re_create_link()
    {
        var (v1, v2, _) = await TwoVersionsAsync();

        var page = RenderAt("datasets");

        page.WaitForAssertion(() => page.FindAll($"[data-export-id='{v2.ExportId}']").Count.ShouldBe(1), Wait);
        var rows = page.FindAll("[data-testid=dataset-row]").Select(row => row.GetAttribute("data-export-id")).ToList();
        rows.IndexOf(v2.ExportId).ShouldBeLessThan(rows.IndexOf(v1.ExportId), "newest first");
        var row = page.Find($"[data-export-id='{v2.ExportId}']");
        row.QuerySelector("[data-testid=dataset-by]")!.TextContent.ShouldBe("ml.bo");
        row.QuerySelector("[data-testid=dataset-format]")!.TextContent.ShouldBe("trl-sft");
        row.QuerySelector("[data-testid=dataset-asof]")!.TextContent.ShouldBe(v2.AsOfSequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        row.QuerySelector("[data-testid=dataset-rows]")!.TextContent.ShouldContain("1 train");
        row.QuerySelectorAll("[data-testid=dataset-sha256]")[0].TextContent.ShouldBe(v2.Sha256);
        row.QuerySelector("[data-testid=dataset-recreate]")!.GetAttribute("href")
            .ShouldBe($"export/download/trl-sft?asOf={v2.AsOfSequence}&ratios=1,0,0&product={_product}");
    }

    [Fact]
    public async Task Choosing_two_exports_puts_them_in_the_address_older_first()
    {
        var (v1, v2, _) = await TwoVersionsAsync();
        var page = RenderAt("datasets");
        page.WaitForAssertion(() => page.FindAll($"[data-export-id='{v2.ExportId}']").Count.ShouldBe(1), Wait);

        var table = page.FindComponent<ExportLogTable>();
        await page.InvokeAsync(() => table.Instance.SelectedChanged.InvokeAsync([v2.ExportId, v1.ExportId]));
        page.Find("[data-testid=compare-selected]").Click();

        Uri.UnescapeDataString(Navigation.Uri).ShouldEndWith($"datasets?compare={v1.ExportId},{v2.ExportId}");
    }

    [Fact]
    public async Task The_comparison_shows_counts_field_deltas_as_text_and_the_explaining_events_linked_to_stream_and_proposal()
    {
        var (v1, v2, stream) = await TwoVersionsAsync();

        var page = RenderAt($"datasets?compare={v1.ExportId},{v2.ExportId}");

        page.WaitForAssertion(() => page.Find("[data-testid=comparison]"), Wait);
        page.Find("[data-testid=comparison-counts]").TextContent.ShouldContain("1 changed");
        var row = page.Find("[data-testid=comparison-row]");
        row.GetAttribute("data-change").ShouldBe("changed");
        row.QuerySelector("[data-testid=comparison-stream]")!.GetAttribute("href").ShouldBe($"streams/{stream}");
        row.QuerySelector("[data-testid=comparison-proposal]")!.GetAttribute("href").ShouldBe($"review/{stream}/p1");
        var fields = row.QuerySelector("[data-testid=comparison-fields]")!;
        fields.TextContent.ShouldContain("messages[2].content");
        fields.TextContent.ShouldContain("Ships <script>x</script> Tuesday.");
        fields.QuerySelectorAll("script, b").ShouldBeEmpty("edits and AI output are text, never markup");
        var events = page.FindAll("[data-testid=comparison-event]").Select(e => e.TextContent).ToList();
        events.Count.ShouldBe(2);
        events[0].ShouldContain("proposal_edited");
        events[0].ShouldContain("edited by agent.bea");
        events[1].ShouldContain("proposal_accepted");
    }

    [Fact]
    public async Task Two_exports_of_different_formats_are_refused_with_a_readable_message_and_a_bad_address_says_why()
    {
        var (v1, _, _) = await TwoVersionsAsync();
        var dpo = await RecordAsync(Request(v1.AsOfSequence, ExportFormat.TrlDpo));

        var page = RenderAt($"datasets?compare={v1.ExportId},{dpo.ExportId}");

        page.WaitForAssertion(() => page.Find("[data-testid=comparison-problem]").TextContent.ShouldContain("different formats (trl-sft and trl-dpo)"), Wait);
        page.FindAll("[data-testid=comparison]").ShouldBeEmpty();

        Navigation.NavigateTo("datasets?compare=only-one&page=x");
        page.WaitForAssertion(() => page.Find("[data-testid=datasets-problem]").TextContent.ShouldContain("compare takes two export ids"), Wait);
        page.Find("[data-testid=datasets-problem]").TextContent.ShouldContain("page");
    }
}
