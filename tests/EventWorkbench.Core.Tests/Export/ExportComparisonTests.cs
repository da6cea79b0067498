using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Export;

/// <summary>Two exports of one request at two sequences, compared row by row, each difference with the events that explain it.</summary>
public sealed class ExportComparisonTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly string _product = $"compare-{Guid.NewGuid():N}";

    private ExportRequest Request(ExportFormat format, long asOf) => new()
    {
        Format = format, AsOf = asOf, Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } }, Ratios = new(1, 0, 0),
    };

    private ExportComparer Comparer => new(fixture.Store, new DatasetExporter(fixture.Store));

    private Task<long> HighWaterMarkAsync() => new DatasetExporter(fixture.Store).ResolveAsOfAsync(null);

    /// <summary>v1: four accepted proposals; then an edit and a new acceptance, a curation exclude, a correction and a new proposal.</summary>
    private async Task<(string Stream, long Before, long After)> TwoVersionsAsync()
    {
        var stream = $"{_product}-{Guid.NewGuid():N}";
        (await fixture.Appender.AppendAsync(stream, Batch(
            Started(_product), Generated("kept", "Ships Monday."), Accepted("kept"), Generated("edited", "It ship tomorow."), Accepted("edited"),
            Generated("dropped", "Ships Tuesday."), Accepted("dropped"), Generated("fixed", "Ships on Fridy."), Accepted("fixed")), Api))
            .ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        var before = await HighWaterMarkAsync();
        (await fixture.Appender.AppendAsync(stream, Batch(
            Edited("edited", "It ships tomorrow.", editor: "bea"), Accepted("edited", by: "bea"), Curated("dropped", "exclude", by: "ml-ana"),
            Corrected(8, new { content = "Ships on Friday." }), Generated("late", "Late one."), Accepted("late")), Api))
            .ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        return (stream, before, await HighWaterMarkAsync());
    }

    [Fact]
    public async Task Each_added_removed_and_changed_row_comes_with_the_events_that_caused_it()
    {
        var (stream, before, after) = await TwoVersionsAsync();

        var comparison = await Comparer.CompareAsync(Request(ExportFormat.TrlSft, before), Request(ExportFormat.TrlSft, after));

        comparison.Format.ShouldBe("trl-sft");
        (comparison.AsOfBefore, comparison.AsOfAfter).ShouldBe((before, after));
        comparison.Counts.ShouldBe(new ComparisonCounts(Added: 1, Removed: 1, Changed: 2, MovedSplit: 0, Unchanged: 1));
        comparison.NotListed.ShouldBe(0);
        var byProposal = comparison.Differences.ToDictionary(d => d.ProposalIds.Single());
        byProposal.Keys.ShouldBe(["edited", "fixed", "late", "dropped"], ignoreOrder: true);
        comparison.Differences.ShouldAllBe(d => d.StreamId == stream && !d.MovedSplit);

        var edited = byProposal["edited"];
        edited.Change.ShouldBe(RowChange.Changed);
        edited.Fields.ShouldBe([new FieldDelta("messages[2].content", "It ship tomorow.", "It ships tomorrow.")]);
        edited.Events.Select(e => (e.Type, e.What)).ShouldBe([("proposal_edited", "edited by bea"), ("proposal_accepted", "accepted by bea")]);

        var fixedRow = byProposal["fixed"];
        fixedRow.Change.ShouldBe(RowChange.Changed);
        fixedRow.Fields.ShouldBe([new FieldDelta("messages[2].content", "Ships on Fridy.", "Ships on Friday.")]);
        fixedRow.Events.Select(e => e.Type).ShouldBe(["event_corrected"]);
        fixedRow.Events[0].What.ShouldStartWith("corrects version 8");

        var dropped = byProposal["dropped"];
        dropped.Change.ShouldBe(RowChange.Removed);
        (dropped.SplitBefore, dropped.SplitAfter).ShouldBe(("train", null));
        dropped.Events.Select(e => (e.Type, e.What, e.Actor)).ShouldBe([("example_curated", "curated exclude by ml-ana", "test-client")]);
        dropped.Fields.ShouldContain(new FieldDelta("messages[2].content", "Ships Tuesday.", null));

        var late = byProposal["late"];
        late.Change.ShouldBe(RowChange.Added);
        late.Events.Select(e => e.Type).ShouldBe(["proposal_generated", "proposal_accepted"]);
        late.Events.ShouldAllBe(e => e.Sequence > before && e.Sequence <= after);
        late.Fields.ShouldContain(new FieldDelta("messages[2].content", null, "Late one."));
    }

    [Fact]
    public async Task The_review_table_compares_by_column()
    {
        var (_, before, after) = await TwoVersionsAsync();

        var comparison = await Comparer.CompareAsync(Request(ExportFormat.ReviewCsv, before), Request(ExportFormat.ReviewCsv, after));

        comparison.Counts.ShouldBe(new ComparisonCounts(Added: 1, Removed: 1, Changed: 2, MovedSplit: 0, Unchanged: 1));
        var edited = comparison.Differences.Single(d => d.ProposalIds.Single() == "edited");
        edited.Fields.Select(f => f.Field).ShouldContain("final_content");
        edited.Fields.Single(f => f.Field == "final_content").After.ShouldBe("It ships tomorrow.");
        edited.Fields.Single(f => f.Field == "outcome").ShouldBe(new FieldDelta("outcome", "accepted_unchanged", "accepted_edited"));
        var fixedRow = comparison.Differences.Single(d => d.ProposalIds.Single() == "fixed");
        fixedRow.Fields.Single(f => f.Field == "ai_content").ShouldBe(new FieldDelta("ai_content", "Ships on Fridy.", "Ships on Friday."));
        fixedRow.Events.Select(e => e.Type).ShouldBe(["event_corrected"]);
    }

    [Fact]
    public async Task Listed_differences_are_capped_and_the_rest_counted()
    {
        var (_, before, after) = await TwoVersionsAsync();

        var comparison = await Comparer.CompareAsync(Request(ExportFormat.TrlSft, before), Request(ExportFormat.TrlSft, after), maxListed: 1);

        comparison.Differences.Count.ShouldBe(1);
        comparison.NotListed.ShouldBe(3);
        comparison.Counts.ShouldBe(new ComparisonCounts(1, 1, 2, 0, 1));
    }

    [Fact]
    public async Task Exports_of_different_formats_are_refused_saying_so()
    {
        var asOf = await HighWaterMarkAsync();

        var refused = await Should.ThrowAsync<ExportsNotComparableException>(
            () => Comparer.CompareAsync(Request(ExportFormat.TrlSft, asOf), Request(ExportFormat.TrlDpo, asOf)));

        refused.Message.ShouldContain("different formats (trl-sft and trl-dpo)");
    }

    [Fact]
    public async Task The_export_log_reads_newest_first_a_page_at_a_time_and_finds_exports_by_id()
    {
        var (_, before, after) = await TwoVersionsAsync();
        var log = new ExportLog(fixture.Store);
        var first = await log.RecordAsync((await ExportRun.OfAsync(fixture.Store, Request(ExportFormat.TrlSft, before))).Manifest, "ml-ana");
        var second = await log.RecordAsync((await ExportRun.OfAsync(fixture.Store, Request(ExportFormat.TrlKto, after))).Manifest, "ml-bo", ExportLog.PageSource);
        var history = new ExportHistory(fixture.Store);

        var page = await history.ListAsync(page: 1, pageSize: 2);
        var next = await history.ListAsync(page: 2, pageSize: 2);
        var found = await history.FindAsync([first.ExportId, second.ExportId, "missing"]);

        page.Exports.Select(e => e.Id).ShouldBe([second.ExportId, first.ExportId]);
        page.Exports[0].Source.ShouldBe("ui");
        page.Exports[0].Manifest!.Format.ShouldBe("trl-kto");
        page.Exports[0].Sequence.ShouldBeGreaterThan(page.Exports[1].Sequence);
        page.Total.ShouldBeGreaterThanOrEqualTo(2);
        next.Exports.Select(e => e.Id).ShouldNotContain(second.ExportId);
        found.Keys.ShouldBe([first.ExportId, second.ExportId], ignoreOrder: true);
        found[first.ExportId].Exported.By.ShouldBe("ml-ana");
        found[first.ExportId].Manifest!.AsOf.ShouldBe(before);
    }
}
