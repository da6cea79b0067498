using EventWorkbench.Projections;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// A rebuild that stops before it tears the projection down leaves it as it was, says so, and starts again on resume;
/// one whose position is gone starts again too. While it waits for the settled end of the log, other nodes see it run.
/// </summary>
[Collection(RebuildTests.Name)]
public sealed class RebuildStopsEarlyTests(RebuildStore fixture) : IClassFixture<RebuildStore>, IAsyncLifetime
{
    private const string ProposalReview = nameof(ProposalReview);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private NpgsqlConnection _holder = null!;

    /// <summary>A write transaction left open, as a slow append would be: the rebuild waits for it to end.</summary>
    public async Task InitializeAsync()
    {
        _holder = new NpgsqlConnection(fixture.Database.AppConnectionString);
        await _holder.OpenAsync();
        await ExecuteAsync("BEGIN; SELECT pg_current_xact_id()");
    }

    public async Task DisposeAsync() => await _holder.DisposeAsync();

    [Fact]
    public async Task One_that_cannot_settle_the_end_of_the_log_fails_saying_why_before_it_tears_anything_down_and_a_resume_starts_over()
    {
        var before = await fixture.StoredReviewsAsync();
        await using var rebuilds = fixture.Rebuilds(openTransactionWait: TimeSpan.FromSeconds(1));

        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        var failed = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!;

        failed.State.ShouldBe(RebuildState.Failed);
        failed.Error.ShouldStartWith("A transaction open since before the rebuild started is still open after 1 s");
        RebuildProgress.Of(failed).ResumeStartsOver.ShouldBeTrue();
        (await fixture.StoredReviewsAsync()).ShouldBe(before, "nothing was torn down");

        await ExecuteAsync("COMMIT");
        var resumed = (await rebuilds.ResumeAsync(ProposalReview, "ben")).ShouldBeOfType<RebuildStart.Started>();
        resumed.Progress.From.ShouldBe(0, "a resume of a rebuild that tore nothing down starts over");
        var done = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!;
        done.State.ShouldBe(RebuildState.Done, done.Error);
        (await fixture.StoredReviewsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task One_cancelled_while_it_waits_for_the_end_of_the_log_leaves_the_projection_as_it_was()
    {
        var before = await fixture.StoredReviewsAsync();
        await using var rebuilds = fixture.Rebuilds();
        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        (await rebuilds.CancelAsync(ProposalReview, "ben", "wrong projection")).ShouldBeOfType<RebuildCancel.Requested>();
        var cancelled = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(TimeSpan.FromSeconds(20)))!;

        cancelled.State.ShouldBe(RebuildState.Cancelled);
        cancelled.CancelReason.ShouldBe("wrong projection");
        cancelled.TornDownAt.ShouldBeNull();
        RebuildProgress.Of(cancelled).ResumeStartsOver.ShouldBeTrue();
        (await fixture.StoredReviewsAsync()).ShouldBe(before, "nothing was torn down");
    }

    [Fact]
    public async Task While_it_waits_for_the_end_of_the_log_another_node_sees_it_running_with_nothing_done()
    {
        const string Projection = "ActivityByDay";
        await ExecuteAsync("COMMIT"); // a first rebuild to the end, which leaves the projection a position
        await using var rebuilds = fixture.Rebuilds();
        (await rebuilds.StartAsync(Projection, "ana")).ShouldBeOfType<RebuildStart.Started>();
        (await rebuilds.WaitAsync(Projection).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);

        await ExecuteAsync("BEGIN; SELECT pg_current_xact_id()");
        (await rebuilds.StartAsync(Projection, "ana")).ShouldBeOfType<RebuildStart.Started>();
        await using var otherNode = new ProjectionRebuilds(fixture.Store, new RebuildLog(fixture.Store)) { Node = "other", StaleAfter = TimeSpan.FromSeconds(1) };
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var seen = (await otherNode.FindAsync(Projection))!;
        seen.State.ShouldBe(RebuildState.Running, "its heartbeat goes on while it waits");
        seen.Done.ShouldBe(0, "the position stored is still the projection's own, not the rebuild's");
        await ExecuteAsync("COMMIT");
        (await rebuilds.WaitAsync(Projection).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);
    }

    [Fact]
    public async Task One_whose_position_is_gone_starts_again_on_resume()
    {
        await ExecuteAsync("COMMIT");
        var before = await fixture.StoredReviewsAsync();
        await using (var session = fixture.Store.LightweightSession())
        {
            var at = DateTimeOffset.UtcNow;
            // As an inline projection's rebuild that failed after its replay, which drops the position, leaves it.
            session.Store(new RebuildJob
            {
                Id = ProposalReview, By = "ana", Node = "gone", StartedAt = at, RunStartedAt = at, UpdatedAt = at, FinishedAt = at,
                State = RebuildState.Failed, Error = "the connection was lost", TornDownAt = 10,
            });
            await session.SaveChangesAsync();
        }
        await using var rebuilds = fixture.Rebuilds();

        var resumed = (await rebuilds.ResumeAsync(ProposalReview, "ben")).ShouldBeOfType<RebuildStart.Started>();
        resumed.Progress.From.ShouldBe(0);
        var done = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!;
        done.State.ShouldBe(RebuildState.Done, done.Error);
        done.Resumes.ShouldBe(0, "it started again rather than going on");
        (await fixture.StoredReviewsAsync()).ShouldBe(before);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _holder);
        await command.ExecuteNonQueryAsync();
    }
}
