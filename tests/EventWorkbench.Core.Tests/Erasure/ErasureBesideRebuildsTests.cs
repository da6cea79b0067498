using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

/// <summary>
/// Rebuilds and shadow builds read every event again, so they must not read an erased subject's text back: an erasure
/// waits for a running rebuild of an inline projection, and a rebuild or shadow build on a node that has not heard of
/// an erasure yet forgets the destroyed keys before it reads.
/// </summary>
public sealed class ErasureBesideRebuildsTests
{
    private const string Reviews = "ProposalReview";

    [Fact]
    public async Task A_rebuild_and_a_shadow_build_on_nodes_that_have_not_heard_of_the_erasure_read_no_erased_text()
    {
        await using var scope = await ErasureScope.CreateAsync("stalereaders");
        using var rebuildingNode = TestStores.For(scope.Database);
        using var shadowingNode = TestStores.For(scope.Database);
        await scope.AppendInteractionAsync("customer-30", "Rebuilt Words", new EventAppender(rebuildingNode, new AppendOptions()));
        await scope.AppendInteractionAsync("customer-30", "Shadowed Words", new EventAppender(shadowingNode, new AppendOptions()));
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-30", "admin", "Asked"));
        SubjectKeyring.Of(rebuildingNode).HeldKeyIds().ShouldNotBeEmpty("nothing told the other nodes of the erasure");
        SubjectKeyring.Of(shadowingNode).HeldKeyIds().ShouldNotBeEmpty();

        await using (var rebuilds = new ProjectionRebuilds(rebuildingNode, new RebuildLog(rebuildingNode)))
        {
            (await rebuilds.StartAsync(Reviews, "ana")).ShouldBeOfType<RebuildStart.Started>();
            (await rebuilds.WaitAsync(Reviews))!.State.ShouldBe(RebuildState.Done);
        }
        (await scope.ScalarTextAsync("SELECT count(*) FROM eventworkbench.mt_doc_proposalreview WHERE data::text LIKE '%Words%'")).ShouldBe("0");
        await using var dataSource = NpgsqlDataSource.Create(scope.Database.AppConnectionString);
        var shadow = ShadowedProjection.Find(shadowingNode, Reviews)!;
        await new ShadowBuilder(dataSource, SubjectKeyring.Of(shadowingNode)).BuildAsync(shadow, "ana");

        (await scope.ScalarTextAsync($"SELECT count(*) FROM {shadow.ShadowTable} WHERE data::text LIKE '%Words%'")).ShouldBe("0");
        (await scope.ScalarTextAsync($"SELECT count(*) FROM {shadow.ShadowTable} WHERE data::text LIKE '%{SealedValue.Erased}%'")).ShouldNotBe("0");
        var dump = await scope.DumpAsync();
        ErasureScope.Holds(dump, "Rebuilt Words").ShouldBeFalse();
        ErasureScope.Holds(dump, "Shadowed Words").ShouldBeFalse();
    }

    [Fact]
    public async Task An_erasure_waits_for_a_running_rebuild_of_an_inline_projection_and_then_erases_what_it_wrote()
    {
        await using var scope = await ErasureScope.CreateAsync("erasebeside");
        await scope.AppendInteractionAsync("customer-31", "Racing Words");
        await using var rebuilds = new ProjectionRebuilds(scope.Store, new RebuildLog(scope.Store)) { OpenTransactionWait = TimeSpan.FromMinutes(1) };
        Task<ErasureOutcome> erasing;
        await using (var holder = await scope.Owner.OpenConnectionAsync())
        {
            await using (var begin = new NpgsqlCommand("BEGIN; SELECT pg_current_xact_id()", holder)) await begin.ExecuteNonQueryAsync();
            (await rebuilds.StartAsync(Reviews, "ana")).ShouldBeOfType<RebuildStart.Started>(); // it waits for the open transaction
            erasing = scope.Erasure.EraseAsync(new ErasureRequest("customer-31", "admin", "Asked"));
            await Task.Delay(TimeSpan.FromSeconds(2));

            (await LiveKeysAsync(scope, "customer-31")).ShouldBe("1", "the erasure waits while the rebuild runs");
            (await rebuilds.FindAsync(Reviews))!.State.ShouldBe(RebuildState.Running);
        }

        (await rebuilds.WaitAsync(Reviews))!.State.ShouldBe(RebuildState.Done);
        (await erasing).ShouldBeOfType<ErasureOutcome.Erased>().Job.Done.ShouldBeTrue();
        ErasureScope.Holds(await scope.DumpAsync(), "Racing Words").ShouldBeFalse();
        (await LiveKeysAsync(scope, "customer-31")).ShouldBe("0");
    }

    private static Task<string> LiveKeysAsync(ErasureScope scope, string subject) =>
        scope.ScalarTextAsync($"SELECT count(*) FROM eventworkbench.ew_subject_keys WHERE subject_id = '{subject}' AND key IS NOT NULL");
}
