using EventWorkbench.Erasure;
using EventWorkbench.Export;
using EventWorkbench.Ingest;
using EventWorkbench.Search;
using EventWorkbench.Testing;

namespace EventWorkbench.Tests.Erasure;

/// <summary>A subject erased before: what a second erasure finds to clean, and what stays erased meanwhile.</summary>
public sealed class ErasingAgainTests
{
    [Fact]
    public async Task Text_a_node_appended_with_the_erased_key_before_it_heard_of_the_erasure_is_cleaned_by_erasing_again()
    {
        await using var scope = await ErasureScope.CreateAsync("stalekey");
        using var otherNode = TestStores.For(scope.Database);
        var otherAppender = new EventAppender(otherNode, new AppendOptions());
        await scope.AppendInteractionAsync("customer-20", "Early Words", otherAppender); // the other node holds the live key now
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked"));

        // Before the erasure's notification reaches it, the other node seals with the key it kept, which is destroyed:
        // the events cannot be opened, but the search text and the reviews hold the text in plain.
        await scope.AppendInteractionAsync("customer-20", "Late Words", otherAppender);
        ErasureScope.Holds(await scope.DumpAsync(), "Late Words").ShouldBeTrue();
        (await scope.Erasure.PreviewAsync("customer-20")).ShouldSatisfyAllConditions(
            preview => preview.LiveKeys.ShouldBe(0),
            preview => preview.LeftSinceErasure.ShouldBeTrue());

        var again = await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked again"));

        again.ShouldBeOfType<ErasureOutcome.Erased>().Job.Done.ShouldBeTrue();
        ErasureScope.Holds(await scope.DumpAsync(), "Late Words").ShouldBeFalse();
        (await new EventSearch(scope.Store).SearchAsync(new EventSearchFilter { Text = "Late Words" })).Hits.ShouldBeEmpty();
        (await scope.Erasure.PreviewAsync("customer-20")).LeftSinceErasure.ShouldBeFalse();
        (await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked a third time")))
            .ShouldBeOfType<ErasureOutcome.AlreadyErased>().Earlier!.Reason.ShouldBe("Asked again");
    }

    [Fact]
    public async Task An_erasure_requested_again_keeps_what_the_earlier_one_erased_erased_until_it_completes()
    {
        await using var scope = await ErasureScope.CreateAsync("reerased");
        var first = await scope.AppendInteractionAsync("customer-21", "First Visit");
        var firstJob = (await scope.Erasure.EraseAsync(new ErasureRequest("customer-21", "admin", "Asked")))
            .ShouldBeOfType<ErasureOutcome.Erased>().Job;
        await scope.AppendInteractionAsync("customer-21", "Second Visit");

        // A crash right after the second request was recorded: its job replaced the first one's.
        var recorded = await scope.Erasure.RecordAsync(new ErasureRequest("customer-21", "admin", "Asked again"), 8, 2, CancellationToken.None);

        recorded.ErasedThrough.ShouldBe(firstJob.ErasedThrough);
        var erased = await ErasedStreams.LoadAsync(scope.Store);
        erased.Contains(first).ShouldBeTrue("new exports still leave the first erasure's stream out");
        var request = new ExportRequest { Format = ExportFormat.ReviewCsv };
        var asOf = await new DatasetExporter(scope.Store).ResolveAsOfAsync(null);
        (await erased.SubjectsHeldByAsync(scope.Store, request, asOf)).ShouldBe(["customer-21"]);
    }
}
