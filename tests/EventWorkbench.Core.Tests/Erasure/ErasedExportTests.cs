using System.Text;
using EventWorkbench.Erasure;
using EventWorkbench.Export;
using EventWorkbench.Review;

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

    private static async Task<(string Text, long Rows)> ExportAsync(DatasetExporter exporter, ExportRequest request)
    {
        using var data = new MemoryStream();
        var manifest = await exporter.WriteAsync(request, data, Stream.Null);
        return (Encoding.UTF8.GetString(data.ToArray()), manifest.Rows.Total);
    }
}
