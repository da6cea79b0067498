using EventWorkbench.Erasure;
using EventWorkbench.Projections;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Erasure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// An erasure leaves no shadow holding the subject: its discard (<see cref="ShadowPromoter.DiscardAsync(ShadowedProjection, string, CancellationToken)"/>)
/// cancels a build that is running, which then saves nothing, and a shadow store opens sealed fields with the app's
/// keyring, so it forgets the erased keys with the app.
/// </summary>
public sealed class ShadowErasureTests
{
    [Fact]
    public async Task The_erasures_discard_cancels_a_running_build_which_saves_nothing_and_leaves_no_documents()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var jobs = new ShadowBuildJobs(scope.Builder, scope.DataSource, NullLogger<ShadowBuildJobs>.Instance);
        await using var blocker = await scope.Owner.OpenConnectionAsync();
        await using var open = await blocker.BeginTransactionAsync();
        await Execute(blocker, "SELECT pg_current_xact_id()"); // the build waits for this transaction before it folds
        var job = await jobs.TryStartAsync(scope.Reviews, "ana", CancellationToken.None);
        ShadowOutcome outcome;
        try
        {
            outcome = await scope.Promoter.DiscardAsync(scope.Reviews, "erasure");
        }
        finally
        {
            await open.RollbackAsync();
        }
        await job!.Completion;

        outcome.ShouldBeOfType<ShadowOutcome.NoShadow>().Message.ShouldContain("Cancelled the shadow build of ProposalReview");
        job.Error!.ShouldContain("its shadow was discarded");
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await ShadowBuildClaims.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await scope.CountAsync($"SELECT count(*) FROM {scope.Reviews.ShadowTable}")).ShouldBe(0);
        (await jobs.StatusAsync(scope.Reviews, CancellationToken.None)).State.ShouldBe(ShadowStatus.Failed);
    }

    [Fact]
    public async Task A_build_whose_claim_was_cancelled_saves_no_summary_and_drops_what_it_made()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        var claim = await ShadowBuildClaims.TryClaimAsync(scope.DataSource, "ProposalReview", "ana", CancellationToken.None);
        await scope.AsOwnerAsync($"UPDATE {ShadowSchema.Running} SET cancelled_at = now()"); // a discard asked it to stop

        var failure = await FailureOfAsync(() => scope.Builder.BuildAsync(scope.Reviews, claim!));

        failure.ShouldBeAssignableTo<OperationCanceledException>()!.Message.ShouldContain("nothing of this build was kept");
        (await ShadowBuilds.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await ShadowBuildClaims.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None)).ShouldBeNull();
        (await scope.CountAsync($"SELECT count(*) FROM {scope.Reviews.ShadowTable}")).ShouldBe(0);
        (await scope.CountAsync($"SELECT count(*) FROM {ShadowSchema.Changes}")).ShouldBe(0);
    }

    [Fact]
    public async Task A_discard_asked_by_a_person_is_still_refused_while_a_build_runs()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await ShadowBuildClaims.TryClaimAsync(scope.DataSource, "ProposalReview", "ana", CancellationToken.None);

        (await scope.Promoter.DiscardAsync(scope.Reviews, "ben", RunningShadowBuild.Refuse)).ShouldBeOfType<ShadowOutcome.Building>();

        (await ShadowBuildClaims.FindAsync(scope.DataSource, "ProposalReview", CancellationToken.None))!.Cancelled.ShouldBeFalse();
    }

    [Fact]
    public async Task A_shadow_store_stops_opening_the_subjects_fields_once_an_erasure_destroyed_the_keys()
    {
        await using var erasure = await ErasureScope.CreateAsync(nameof(ShadowErasureTests));
        var stream = await erasure.AppendInteractionAsync("customer-41", "Shadowed Sigrid");
        await using var dataSource = NpgsqlDataSource.Create(erasure.Database.AppConnectionString);
        await using var shadow = ShadowStore.For(dataSource, "ProposalReview", SubjectKeyring.Of(erasure.Store));
        (await InputAsync(shadow, stream)).ShouldBe("My name is Shadowed Sigrid"); // the key is in memory now, as in a running build

        (await erasure.Erasure.EraseAsync(new ErasureRequest("customer-41", "admin", "Asked to be forgotten"))).ShouldBeOfType<ErasureOutcome.Erased>();

        (await InputAsync(shadow, stream)).ShouldBe(SealedValue.Erased);
    }

    private static async Task<string> InputAsync(Marten.DocumentStore store, string stream)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream))[0].Data.ShouldBeOfType<InteractionStarted>().Input;
    }

    /// <summary>The exception itself (Shouldly reports a cancelled task as a new TaskCanceledException, without its message).</summary>
    private static async Task<Exception?> FailureOfAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
