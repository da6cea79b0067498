using EventWorkbench.Erasure;
using EventWorkbench.Evidence;
using EventWorkbench.Why;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

/// <summary>
/// An evidence pack shows a sealed event's personal fields opened beside the stored data its digest covers; a pack made
/// before an erasure still verifies after it, and one made after shows the gap as erased.
/// </summary>
public sealed class ErasedEvidenceTests
{
    [Fact]
    public async Task A_pack_opens_sealed_fields_beside_the_stored_data_and_still_verifies_once_the_subject_is_erased()
    {
        await using var scope = await ErasureScope.CreateAsync("evidence");
        var stream = await scope.AppendInteractionAsync("customer-21", "Evidenced Person");
        await using var app = NpgsqlDataSource.Create(scope.Database.AppConnectionString);
        var packs = new EvidencePacks(scope.Store, app, new WhyQueries(scope.Store, app), TimeProvider.System);
        var streamScope = new EvidenceScope(EvidenceScopeKind.Stream, StreamId: stream);

        var before = (await packs.BuildAsync(streamScope, "auditor"))!;
        var started = before.Events[0];
        started.Data.GetProperty("input").GetString().ShouldStartWith(SealedValue.Marker);
        started.OpenedData!.Value.GetProperty("input").GetString().ShouldBe("My name is Evidenced Person");
        started.OpenedData.Value.GetProperty("channel").GetString().ShouldBe("chat", "what is not personal is in the opened data too");
        (await new EvidenceVerifier(packs).VerifyAsync(before)).Verified.ShouldBeTrue();

        await scope.Erasure.EraseAsync(new ErasureRequest("customer-21", "admin", "Asked"));

        (await new EvidenceVerifier(packs).VerifyAsync(before)).Verified.ShouldBeTrue("the digest covers the sealed bytes, which did not change");
        var after = (await packs.BuildAsync(streamScope, "auditor"))!;
        after.Digest.ShouldBe(before.Digest);
        after.Events[0].OpenedData!.Value.GetProperty("input").GetString().ShouldBe(SealedValue.Erased);
        after.Events[0].Data.GetProperty("input").GetString().ShouldBe(started.Data.GetProperty("input").GetString());
        before.Deltas.Single().Delta.ShouldNotBeNull();
        before.Deltas.Single().TextsErased.ShouldBeFalse();
        var erasedDelta = after.Deltas.Single();
        (erasedDelta.Delta, erasedDelta.TextsErased).ShouldBe((null, true), "the change is no longer known, not [erased] against itself");
        erasedDelta.Edits.ShouldHaveSingleItem().Similarity.ShouldBeNull();
        (erasedDelta.Edits[0].Category, erasedDelta.Edits[0].WordsInserted).ShouldBe((null, null));
    }

    [Fact]
    public async Task An_event_without_sealed_fields_has_no_opened_data()
    {
        await using var scope = await ErasureScope.CreateAsync("evidence-plain");
        var stream = await scope.AppendInteractionAsync(null, "Nobody Named");
        await using var app = NpgsqlDataSource.Create(scope.Database.AppConnectionString);
        var packs = new EvidencePacks(scope.Store, app, new WhyQueries(scope.Store, app), TimeProvider.System);

        var pack = (await packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Stream, StreamId: stream), "auditor"))!;

        pack.Events.ShouldAllBe(e => e.OpenedData == null);
        pack.Events[0].Data.GetProperty("input").GetString().ShouldBe("My name is Nobody Named");
    }
}
