using System.Text;
using EventWorkbench.Erasure;
using EventWorkbench.Export;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Erasure;

/// <summary>New exports leave an erased subject's streams out; earlier exports that held the subject are named.</summary>
public sealed class ErasedExportTests
{
    [Fact]
    public async Task An_export_made_again_after_erasure_leaves_the_subject_out_and_the_earlier_one_is_named_as_holding_it()
    {
        await using var scope = await ErasureScope.CreateAsync("exports");
        await scope.AppendInteractionAsync("customer-7", "Ingrid Halvorsen");
        await scope.AppendInteractionAsync("customer-8", "Kept Kristiansen");
        var exporter = new DatasetExporter(scope.Store);
        var request = new ExportRequest { Format = ExportFormat.ReviewCsv, AsOf = await exporter.ResolveAsOfAsync(null) };
        var (before, beforeRows) = await ExportAsync(exporter, request);
        before.ShouldContain("Ingrid Halvorsen");

        await scope.Erasure.EraseAsync(new ErasureRequest("customer-7", "admin", "Asked"));

        var (after, afterRows) = await ExportAsync(exporter, request);
        (beforeRows, afterRows).ShouldBe((2L, 1L));
        after.ShouldNotContain("Ingrid Halvorsen");
        after.ShouldNotContain(SealedValue.Erased);
        after.ShouldContain("Kept Kristiansen");
        var erased = await ErasedStreams.LoadAsync(scope.Store);
        (await erased.SubjectsHeldByAsync(scope.Store, request, request.AsOf!.Value)).ShouldBe(["customer-7"]);
        var otherModel = request with { Filter = new ExportFilter { Proposals = new ProposalFilter { Model = "another-model" } } };
        (await erased.SubjectsHeldByAsync(scope.Store, otherModel, request.AsOf!.Value)).ShouldBeEmpty();
        (await erased.SubjectsHeldByAsync(scope.Store, request, 1)).ShouldBeEmpty(); // pinned before any proposal: no row held it
    }

    [Fact]
    public async Task Earlier_exports_are_named_whatever_similarity_or_category_they_asked_for_whatever_event_types_and_subjects_a_stream_held()
    {
        await using var scope = await ErasureScope.CreateAsync("heldby");
        await scope.AppendInteractionAsync("customer-30", "Similar Person");
        var shared = await scope.AppendInteractionAsync("customer-31", "Shared Stream");
        await Append(scope, shared, new EventEnvelope("skill_executed", ErasureScope.Json(new { skill = "lookup", succeeded = true, input = new { who = "Named Too" } }), SubjectId: "customer-32"));
        await Append(scope, $"skills-{Guid.NewGuid():N}", new EventEnvelope("skill_executed", ErasureScope.Json(new { skill = "lookup", succeeded = true, input = new { who = "Only Skills" } }), SubjectId: "customer-33"));
        var asOf = await new DatasetExporter(scope.Store).ResolveAsOfAsync(null);
        foreach (var subject in new[] { "customer-30", "customer-31", "customer-32", "customer-33" })
            (await scope.Erasure.EraseAsync(new ErasureRequest(subject, "admin", "Asked"))).ShouldBeOfType<ErasureOutcome.Erased>();
        var erased = await ErasedStreams.LoadAsync(scope.Store);

        var similar = new ExportRequest { Format = ExportFormat.ReviewCsv, Filter = new ExportFilter { Proposals = new ProposalFilter { MinSimilarity = 0 } } };
        (await erased.SubjectsHeldByAsync(scope.Store, similar, asOf)).ShouldBe(["customer-30", "customer-31", "customer-32"], "an erased review's similarity is unknown now; the shared stream's review may hold both");
        var events = new ExportRequest { Format = ExportFormat.Events };
        (await erased.SubjectsHeldByAsync(scope.Store, events, asOf)).ShouldBe(["customer-30", "customer-31", "customer-32", "customer-33"]);
        (await erased.SubjectsHeldByAsync(scope.Store, events, 1)).ShouldBe(["customer-30"]); // its first event only
    }

    private static async Task Append(ErasureScope scope, string stream, EventEnvelope e) =>
        (await scope.Appender.AppendAsync(stream, Batch(e), Api)).ShouldBeOfType<AppendOutcome.Appended>();

    private static async Task<(string Text, long Rows)> ExportAsync(DatasetExporter exporter, ExportRequest request)
    {
        using var data = new MemoryStream();
        var manifest = await exporter.WriteAsync(request, data, Stream.Null);
        return (Encoding.UTF8.GetString(data.ToArray()), manifest.Rows.Total);
    }
}
