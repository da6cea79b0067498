using EventWorkbench.Ingest;
using EventWorkbench.Review;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

/// <summary>
/// An append that is refused or fails leaves the store as it found it: no row in the events table (no tombstone
/// either), and for a refusal not even a sequence number drawn. Counts are of every row, read as the schema owner.
/// </summary>
public sealed class RefusedAppendsTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private const int Writers = 20;

    private static string NewStream() => $"refused-{Guid.NewGuid():N}";

    private static AppendRequest LargeBatch(long expectedVersion, int events) =>
        Batch(expectedVersion, Enumerable.Range(0, events).Select(i => Proposal($"p{i}")).ToArray());

    [Fact]
    public async Task Stale_expected_versions_on_large_batches_add_no_row_and_draw_no_sequence()
    {
        var appender = new EventAppender(fixture.Store, new AppendOptions());
        var stream = NewStream();
        await appender.AppendAsync(stream, Batch(0, Started()), Api);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        for (var i = 0; i < 5; i++)
            (await appender.AppendAsync(stream, LargeBatch(i % 2 == 0 ? 0 : 7, 1_000), Api)).ShouldBeOfType<AppendOutcome.VersionConflict>();

        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task An_expected_version_on_a_missing_stream_adds_no_row_and_draws_no_sequence()
    {
        var before = await EventTableCount.ReadAsync(fixture.Database);

        (await fixture.Appender.AppendAsync(NewStream(), LargeBatch(3, 50), Api)).ShouldBeOfType<AppendOutcome.VersionConflict>();

        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task An_idempotent_replay_adds_no_row_and_draws_no_sequence()
    {
        var stream = NewStream();
        var request = Batch(Started(), Proposal("p1"));
        var context = Api with { IdempotencyKey = Guid.NewGuid().ToString() };
        await fixture.Appender.AppendAsync(stream, request, context);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        (await fixture.Appender.AppendAsync(stream, request, context)).ShouldBeOfType<AppendOutcome.Appended>().Replayed.ShouldBeTrue();
        (await fixture.Appender.AppendAsync(stream, Batch(Started()), context)).ShouldBeOfType<AppendOutcome.IdempotencyKeyReused>();

        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task An_invalid_batch_adds_no_row_and_draws_no_sequence()
    {
        var before = await EventTableCount.ReadAsync(fixture.Database);

        var bad = Event("proposal_accepted", new { proposalId = "p1" });
        (await fixture.Appender.AppendAsync(NewStream(), Batch(Started(), Proposal("p1"), bad), Api)).ShouldBeOfType<AppendOutcome.Invalid>();

        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_that_breaks_the_unique_event_id_fails_and_adds_no_row()
    {
        // The third event's deterministic id is already taken by an event of another stream: the insert fails inside
        // the transaction, after the first two events drew their sequence numbers.
        var key = Guid.NewGuid().ToString();
        await TakeEventIdAsync(IdempotencyKeys.EventIds(Api.Actor, key, 3)[2]);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        var stream = NewStream();
        await Should.ThrowAsync<Exception>(() =>
            fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1"), Proposal("p2")), Api with { IdempotencyKey = key }));

        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows, after.Tombstones).ShouldBe((before.Rows, before.Tombstones));
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public async Task A_plain_Marten_append_that_names_no_expected_version_is_refused_before_anything_is_sent()
    {
        // Inline projections would see its events at version 0: every append must say which version it expects.
        var stream = NewStream();
        await fixture.Appender.AppendAsync(stream, Batch(0, Started()), Api);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        await using (var session = fixture.Store.LightweightSession())
        {
            session.Events.Append(stream, EventCatalogue.Read("proposal_generated", Proposal("p1").Data, new ValidationErrors(), "data")!);
            (await Should.ThrowAsync<InvalidOperationException>(() => session.SaveChangesAsync())).Message.ShouldContain("names no expected version");
        }

        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task A_gap_left_by_a_failed_transaction_does_not_hold_up_a_rebuild()
    {
        // The failed insert drew sequence numbers that no row will ever hold; later events come after the gap.
        var key = Guid.NewGuid().ToString();
        await TakeEventIdAsync(IdempotencyKeys.EventIds(Api.Actor, key, 2)[1]);
        var stream = NewStream();
        await Should.ThrowAsync<Exception>(() => fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1")), Api with { IdempotencyKey = key }));
        (await fixture.Appender.AppendAsync(stream, Batch(0, Started(), Proposal("p1")), Api)).ShouldBeOfType<AppendOutcome.Appended>();
        (await EventTableCount.ReadAsync(fixture.Database)).Gaps.ShouldBeGreaterThan(0);
        var inline = (await ReviewOfAsync(stream)).ShouldNotBeNull();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var daemon = await fixture.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        (await ReviewOfAsync(stream)).ShouldBe(inline);
    }

    [Fact]
    public async Task Writers_racing_with_an_expected_version_leave_only_the_winners_events_and_no_gap()
    {
        var stream = NewStream();
        await fixture.Appender.AppendAsync(stream, Batch(0, Started()), Api);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        for (var round = 0; round < 3; round++)
        {
            var expected = 1L + round;
            var outcomes = await RaceAsync(writer => fixture.Appender.AppendAsync(stream, Batch(expected, Proposal($"r{round}w{writer}")), Api));
            outcomes.Count(o => o is AppendOutcome.Appended).ShouldBe(1);
        }

        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows, after.Tombstones, after.Gaps).ShouldBe((before.Rows + 3, 0, before.Gaps));
    }

    [Fact]
    public async Task Writers_racing_to_start_one_stream_leave_only_the_winners_events_and_no_gap()
    {
        var stream = NewStream();
        var before = await EventTableCount.ReadAsync(fixture.Database);

        var outcomes = await RaceAsync(_ => fixture.Appender.AppendAsync(stream, Batch(0, Started(), Proposal("p1")), Api));

        outcomes.Count(o => o is AppendOutcome.Appended).ShouldBe(1);
        outcomes.Count(o => o is AppendOutcome.VersionConflict).ShouldBe(Writers - 1);
        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows, after.Tombstones, after.Gaps).ShouldBe((before.Rows + 2, 0, before.Gaps));
    }

    [Fact]
    public async Task Writers_racing_without_an_expected_version_all_land_and_leave_no_gap()
    {
        var stream = NewStream();
        await fixture.Appender.AppendAsync(stream, Batch(Started()), Api);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        var outcomes = await RaceAsync(writer => fixture.Appender.AppendAsync(stream, Batch(Proposal($"w{writer}")), Api));

        outcomes.ShouldAllBe(o => o is AppendOutcome.Appended);
        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows, after.Tombstones, after.Gaps).ShouldBe((before.Rows + Writers, 0, before.Gaps));
    }

    // An event of another stream that already holds the given id.
    private async Task TakeEventIdAsync(Guid id)
    {
        await using var session = fixture.Store.LightweightSession();
        var squatter = session.Events.BuildEvent(EventCatalogue.Read("interaction_started", Started().Data, new ValidationErrors(), "data")!);
        squatter.Id = id;
        session.Events.StartStream(NewStream(), squatter);
        await session.SaveChangesAsync();
    }

    private async Task<string?> ReviewOfAsync(string stream)
    {
        await using var session = fixture.Store.QuerySession();
        var review = await session.Query<ProposalReview>().SingleOrDefaultAsync(r => r.StreamId == stream);
        return review is null ? null : System.Text.Json.JsonSerializer.Serialize(review, EventCatalogue.Output);
    }

    private static async Task<AppendOutcome[]> RaceAsync(Func<int, Task<AppendOutcome>> append)
    {
        using var start = new Barrier(Writers);
        return await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await append(writer);
        })));
    }
}
