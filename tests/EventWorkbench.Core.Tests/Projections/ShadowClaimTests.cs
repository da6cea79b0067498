using EventWorkbench.Projections;
using EventWorkbench.Streams;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// One shadow build of a projection at a time across every node (<see cref="ShadowBuildClaims"/>): a build starting
/// removes the last summary before it empties the shadow table, and promote and discard are refused while any node
/// builds; a build whose node stopped blocks nothing.
/// </summary>
public sealed class ShadowClaimTests
{
    private const string LiveReviews = "eventworkbench.mt_doc_proposalreview";

    [Fact]
    public async Task Building_again_removes_the_last_summary_so_a_build_that_fails_leaves_nothing_to_promote()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        await scope.Builder.BuildAsync(scope.Reviews, "ana");
        await scope.AsOwnerAsync($"ALTER TABLE {scope.Reviews.ShadowTable} RENAME TO mt_doc_proposalreview_away"); // the rebuild fails

        await Should.ThrowAsync<Exception>(() => scope.Builder.BuildAsync(scope.Reviews, "ben"));

        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await ShadowBuildClaims.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await scope.Promoter.PromoteAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.NoShadow>();
        (await scope.LiveJsonAsync("shadow-a/p1"))!.ShouldContain("old-model");
        await ShouldHaveRecordedNothingAsync(scope);
    }

    [Fact]
    public async Task A_build_whose_node_died_part_way_leaves_no_summary_and_blocks_nothing_once_stale()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.Builder.BuildAsync(scope.Reviews, "ana");

        (await ShadowBuildClaims.TryClaimAsync(scope.DataSource, "ProposalReview", "ben", CancellationToken.None)).ShouldNotBeNull();
        await scope.AsOwnerAsync($"UPDATE {ShadowSchema.Running} SET heartbeat_at = now() - interval '1 minute'"); // its node died

        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await scope.Promoter.PromoteAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.NoShadow>();
        var status = await Jobs(scope).StatusAsync(scope.Reviews, CancellationToken.None);
        (status.State, status.Summary).ShouldBe((ShadowStatus.Failed, null));
        status.Error!.ShouldContain("stopped");
        (await scope.Builder.BuildAsync(scope.Reviews, "cy")).HasChanges.ShouldBeFalse();
    }

    [Fact]
    public async Task While_another_node_builds_start_promote_and_discard_are_refused_and_change_nothing()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{model}}', '\"old-model\"') WHERE id = 'shadow-a/p1'");
        var built = await scope.Builder.BuildAsync(scope.Reviews, "ana");
        await ClaimOnOtherNodeAsync(scope, heartbeat: "now()");

        var promoted = await scope.Promoter.PromoteAsync(scope.Reviews, "ana");
        var discarded = await scope.Promoter.DiscardAsync(scope.Reviews, "ana", RunningShadowBuild.Refuse);

        promoted.ShouldBeOfType<ShadowOutcome.Building>().Message.ShouldContain("started by ben on node-b");
        promoted.Message.ShouldContain("nothing was changed");
        discarded.ShouldBeOfType<ShadowOutcome.Building>();
        (await Jobs(scope).TryStartAsync(scope.Reviews, "ana", CancellationToken.None)).ShouldBeNull();
        await Should.ThrowAsync<InvalidOperationException>(() => scope.Builder.BuildAsync(scope.Reviews, "ana"));
        (await Jobs(scope).StatusAsync(scope.Reviews, CancellationToken.None)).State.ShouldBe(ShadowStatus.Building);
        (await scope.LiveJsonAsync("shadow-a/p1"))!.ShouldContain("old-model");
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBe(built);
        await ShouldHaveRecordedNothingAsync(scope);
    }

    [Fact]
    public async Task A_claim_not_heard_from_for_the_stale_time_no_longer_blocks_promote()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.Builder.BuildAsync(scope.Reviews, "ana");
        await ClaimOnOtherNodeAsync(scope, heartbeat: "now() - interval '31 seconds'");

        (await scope.Promoter.PromoteAsync(scope.Reviews, "ana")).ShouldBeOfType<ShadowOutcome.Done>();
    }

    [Fact]
    public async Task A_build_on_another_node_shows_here_the_progress_its_last_heartbeat_wrote()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var claim = await ShadowBuildClaims.TryClaimAsync(scope.DataSource, "ProposalReview", "ben", CancellationToken.None);
        (await Jobs(scope).StatusAsync(scope.Reviews, CancellationToken.None)).Progress.ShouldBe(new ShadowProgress("starting", 0, 0));

        (await ShadowBuildClaims.BeatAsync(scope.DataSource, claim!, new ShadowProgress("rebuilding", 40, 120), CancellationToken.None)).ShouldBeTrue();

        var status = await Jobs(scope).StatusAsync(scope.Reviews, CancellationToken.None);
        (status.State, status.Progress).ShouldBe((ShadowStatus.Building, new ShadowProgress("rebuilding", 40, 120)));
    }

    [Fact]
    public async Task A_running_build_writes_its_progress_with_its_heartbeat()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var held = new HoldAtComparing();
        var claim = await ShadowBuildClaims.TryClaimAsync(scope.DataSource, "ProposalReview", "ana", CancellationToken.None);
        var build = Task.Run(() => scope.Builder.BuildAsync(scope.Reviews, claim!, held));
        var shown = await held.Reached.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var otherNode = Jobs(scope); // runs no build itself: it reads the claim
        var status = await otherNode.StatusAsync(scope.Reviews, CancellationToken.None);
        for (var look = 0; status.Progress?.Stage != "comparing" && look < 50; look++) // a heartbeat is due every second
        {
            await Task.Delay(200);
            status = await otherNode.StatusAsync(scope.Reviews, CancellationToken.None);
        }
        held.Release.SetResult();
        await build;

        status.Progress.ShouldBe(shown);
        shown.Of.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_build_on_this_node_holds_the_projection_until_it_ends()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var jobs = Jobs(scope);

        var job = await jobs.TryStartAsync(scope.Reviews, "ana", CancellationToken.None);
        var second = await jobs.TryStartAsync(scope.Reviews, "ben", CancellationToken.None);
        await job!.Completion;

        second.ShouldBeNull();
        job.Error.ShouldBeNull();
        (await ShadowBuildClaims.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await jobs.StatusAsync(scope.Reviews, CancellationToken.None)).State.ShouldBe(ShadowStatus.Built);
    }

    /// <summary>Holds the build where it starts comparing, until released.</summary>
    private sealed class HoldAtComparing : IProgress<ShadowProgress>
    {
        public TaskCompletionSource<ShadowProgress> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(ShadowProgress value)
        {
            if (value.Stage != "comparing" || !Reached.TrySetResult(value)) return;
            Release.Task.Wait(TimeSpan.FromMinutes(1));
        }
    }

    private static ShadowBuildJobs Jobs(ShadowStoreScope scope) => new(scope.Builder, scope.DataSource, NullLogger<ShadowBuildJobs>.Instance);

    private static Task ClaimOnOtherNodeAsync(ShadowStoreScope scope, string heartbeat) => scope.AsOwnerAsync($"""
        INSERT INTO {ShadowSchema.Running} (projection, build_id, node, started_by, started_at, heartbeat_at)
        VALUES ('ProposalReview', gen_random_uuid(), 'node-b', 'ben', now(), {heartbeat})
        """);

    private static async Task ShouldHaveRecordedNothingAsync(ShadowStoreScope scope)
    {
        await using var session = scope.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(WorkbenchStreams.Projections)).ShouldBeNull();
    }
}
