using EventWorkbench.Projections;
using EventWorkbench.Streams;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Projections;

public sealed class ShadowPromotionTests
{
    private const string LiveReviews = "eventworkbench.mt_doc_proposalreview";

    [Fact]
    public async Task Promote_makes_the_live_documents_equal_the_shadow_and_records_projection_rebuilt()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var original = await scope.LiveJsonAsync("shadow-a/p1");
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        var built = await scope.Builder.BuildAsync(scope.Reviews, "ana");

        var outcome = await scope.Promoter.PromoteAsync(scope.Reviews, "ana");

        outcome.ShouldBeOfType<ShadowOutcome.Done>();
        (await scope.LiveJsonAsync("shadow-a/p1")).ShouldBe(original);
        (await scope.Builder.BuildAsync(scope.Reviews, "ana")).HasChanges.ShouldBeFalse();
        await using var session = scope.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(WorkbenchStreams.Projections)).Single().Data.ShouldBeOfType<ProjectionRebuilt>();
        recorded.ShouldBe(new ProjectionRebuilt("ProposalReview", "ana", built.Events, built.DurationMs));
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldNotBeNull(); // the second build
    }

    [Fact]
    public async Task Discard_leaves_the_live_documents_untouched_and_empties_the_shadow()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        var tampered = await scope.LiveJsonAsync("shadow-a/p1");
        await scope.Builder.BuildAsync(scope.Reviews, "ana");

        (await scope.Promoter.DiscardAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.Done>();

        (await scope.LiveJsonAsync("shadow-a/p1")).ShouldBe(tampered);
        (await scope.CountAsync($"SELECT count(*) FROM {ShadowSchema.Name}.mt_doc_proposalreview")).ShouldBe(0);
        (await scope.CountAsync($"SELECT count(*) FROM {ShadowSchema.Changes}")).ShouldBe(0);
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        await using var session = scope.Store.QuerySession();
        (await session.Events.FetchStreamAsync(WorkbenchStreams.Projections)).Single().Data
            .ShouldBe(new ProjectionShadowDiscarded("ProposalReview", "ana", await scope.CountAsync("SELECT max(seq_id) FROM eventworkbench.mt_events") - 1));
    }

    [Fact]
    public async Task Promote_is_refused_and_changes_nothing_when_events_arrived_after_the_shadow_was_built()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        await scope.Builder.BuildAsync(scope.Reviews, "ana");
        await scope.AppendAsync("shadow-c", Batch(0, Started()));

        var outcome = await scope.Promoter.PromoteAsync(scope.Reviews, "ana");

        outcome.ShouldBeOfType<ShadowOutcome.Refused>().Message.ShouldContain("1 event arrived after the shadow's position");
        (await scope.LiveJsonAsync("shadow-a/p1"))!.ShouldContain("old-model");
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Promote_is_refused_and_changes_nothing_while_a_rebuild_of_the_projection_runs()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        var built = await scope.Builder.BuildAsync(scope.Reviews, "ana");
        await using (var rebuild = await RebuildClaim.TryTakeAsync(scope.Store, "ProposalReview", CancellationToken.None))
        {
            rebuild.ShouldNotBeNull();
            await using (var session = scope.Store.LightweightSession())
            {
                session.Store(new RebuildJob { Id = "ProposalReview", By = "cy", Node = "node-r", State = RebuildState.Running, StartedAt = DateTimeOffset.UtcNow });
                await session.SaveChangesAsync();
            }

            var outcome = await scope.Promoter.PromoteAsync(scope.Reviews, "ana");

            outcome.ShouldBeOfType<ShadowOutcome.Refused>().Message.ShouldContain("A rebuild of ProposalReview is running (started by cy on node-r");
            outcome.Message.ShouldContain("Nothing was changed");
            (await scope.LiveJsonAsync("shadow-a/p1"))!.ShouldContain("old-model");
            (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBe(built);
            await using var query = scope.Store.QuerySession();
            (await query.Events.FetchStreamStateAsync(WorkbenchStreams.Projections)).ShouldBeNull();
        }

        (await scope.Promoter.PromoteAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.Done>(); // the rebuild has ended
    }

    [Fact]
    public async Task Promote_or_discard_without_a_shadow_says_there_is_none()
    {
        await using var scope = await ShadowStoreScope.StartAsync();

        (await scope.Promoter.PromoteAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.NoShadow>();
        (await scope.Promoter.DiscardAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.NoShadow>();
    }
}
