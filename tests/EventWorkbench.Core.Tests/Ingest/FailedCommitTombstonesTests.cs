using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

/// <summary>
/// A commit that fails after the append function returned its sequence numbers makes Marten write a tombstone per
/// event of the batch; the store keeps one row per failed transaction. A deferred constraint trigger, checked only at
/// commit, fails every commit that holds an event of a stream named <c>doomed-…</c>: the same path as a connection
/// cut between append and commit, made deterministic. Its own database: the trigger stays for the class.
/// </summary>
public sealed class FailedCommitTombstonesTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>, IAsyncLifetime
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            CREATE OR REPLACE FUNCTION public.fail_doomed_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'commit refused for a doomed stream'; END; $$;
            DROP TRIGGER IF EXISTS fail_doomed_commit ON {Events};
            CREATE CONSTRAINT TRIGGER fail_doomed_commit AFTER INSERT ON {Events}
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
              WHEN (new.stream_id LIKE 'doomed-%') EXECUTE FUNCTION public.fail_doomed_commit();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_failed_commit_leaves_one_tombstone_however_many_events_it_held()
    {
        var before = await EventTableCount.ReadAsync(fixture.Database);

        await Should.ThrowAsync<Exception>(() => fixture.Appender.AppendAsync(Doomed(), Batch(0, Started(), Proposal("p1"), Proposal("p2"), Proposal("p3")), Api));
        await Should.ThrowAsync<Exception>(() => fixture.Appender.AppendAsync(Doomed(), Batch(0, Started(), Proposal("p1")), Api));

        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows - before.Rows, after.Tombstones - before.Tombstones).ShouldBe((2, 2));
        (after.SequenceDrawn - before.SequenceDrawn).ShouldBe(6);
    }

    [Fact]
    public async Task Appends_that_commit_keep_every_event_after_a_failed_one()
    {
        await Should.ThrowAsync<Exception>(() => fixture.Appender.AppendAsync(Doomed(), Batch(0, Started(), Proposal("p1")), Api));
        var before = await EventTableCount.ReadAsync(fixture.Database);

        var stream = $"healthy-{Guid.NewGuid():N}";
        (await fixture.Appender.AppendAsync(stream, Batch(0, Started(), Proposal("p1"), Proposal("p2")), Api)).ShouldBeOfType<AppendOutcome.Appended>();

        var after = await EventTableCount.ReadAsync(fixture.Database);
        (after.Rows - before.Rows, after.Tombstones - before.Tombstones).ShouldBe((3, 0));
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(3);
    }

    private static string Doomed() => $"doomed-{Guid.NewGuid():N}";
}
