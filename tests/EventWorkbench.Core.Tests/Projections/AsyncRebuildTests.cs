using EventWorkbench.Analytics;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// A live rebuild of an async projection while the app's daemon runs it and appends go on: the daemon's shard is kept
/// out of the rebuild's way and started again after it (<see cref="RebuildShardKeeper"/>), so it ends equal to a clean
/// rebuild with every event folded.
/// </summary>
public sealed class AsyncRebuildTests
{
    private const string Projection = "ActivityByDay";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_daemon_goes_on_after_a_rebuild_of_its_projection_and_folds_what_was_appended_meanwhile()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AsyncRebuildTests));
        var logs = new CapturedLogs();
        using var store = TestStores.For(database, logs);
        var seeder = new SyntheticSeeder(store) { EventsPerTransaction = 10_000 };
        await seeder.WriteAsync(RebuildStore.DefaultSyntheticEvents);
        await seeder.RebuildSummariesAsync();
        var appender = new EventAppender(store, new AppendOptions());
        var streams = Enumerable.Range(0, 20).Select(seed => (Id: $"async-{seed}", Events: GeneratedStream.Events(seed, 60))).ToList();

        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await store.WaitForNonStaleProjectionDataAsync(Patience);
            var keeper = new RebuildShardKeeper(store, NullLogger.Instance);
            using var stop = new CancellationTokenSource();
            var keeping = KeepAsync(keeper, daemon, stop.Token);
            await using var rebuilds = new ProjectionRebuilds(store, new RebuildLog(store)) { Heartbeat = TimeSpan.FromMilliseconds(25) };

            (await rebuilds.StartAsync(Projection, "ana")).ShouldBeOfType<RebuildStart.Started>();
            var appendedWhileRunning = 0;
            for (var offset = 0; offset < 60; offset += 10)
            {
                if (await rebuilds.FindAsync(Projection) is { State: RebuildState.Running }) appendedWhileRunning++;
                foreach (var (id, events) in streams)
                {
                    var request = new AppendRequest([.. events.Skip(offset).Take(10)], ExpectedVersion: offset);
                    (await appender.AppendAsync(id, request, new AppendContext("test", "api"))).ShouldBeOfType<AppendOutcome.Appended>();
                }
            }
            (await rebuilds.WaitAsync(Projection).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1)); // times out while the shard stays stopped
            await stop.CancelAsync();
            await keeping;
            await daemon.StopAllAsync();
            appendedWhileRunning.ShouldBeGreaterThan(0, "appends came while the rebuild ran");
        }
        logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message)
            .ShouldBeEmpty("a rebuild beside the app's daemon starts no second daemon machinery on the database");
        var live = await DocumentsAsync(database);
        using (var clean = await store.BuildProjectionDaemonAsync())
            await clean.RebuildProjectionAsync<ActivityByDayProjection>(Patience, CancellationToken.None);

        live.ShouldBe(await DocumentsAsync(database));
    }

    [Fact]
    public async Task A_rebuild_that_fails_before_tearing_the_projection_down_gives_the_daemon_its_shard_back()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AsyncRebuildTests));
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store) { EventsPerTransaction = 10_000 };
        await seeder.WriteAsync(RebuildStore.DefaultSyntheticEvents / 3);
        await seeder.RebuildSummariesAsync();

        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(Patience);
        var keeper = new RebuildShardKeeper(store, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var keeping = KeepAsync(keeper, daemon, stop.Token);
        await using (var holder = new NpgsqlConnection(database.AppConnectionString))
        {
            await holder.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; SELECT pg_current_xact_id()", holder)) await begin.ExecuteNonQueryAsync();
            await using var rebuilds = new ProjectionRebuilds(store, new RebuildLog(store)) { OpenTransactionWait = TimeSpan.FromSeconds(2) };
            (await rebuilds.StartAsync(Projection, "ana")).ShouldBeOfType<RebuildStart.Started>();
            (await rebuilds.WaitAsync(Projection).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Failed);
        }

        var stream = GeneratedStream.Events(7, 20);
        (await new EventAppender(store, new AppendOptions()).AppendAsync("after-failure", new AppendRequest(stream, ExpectedVersion: 0), new AppendContext("test", "api")))
            .ShouldBeOfType<AppendOutcome.Appended>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1)); // times out while the shard stays stopped
        await stop.CancelAsync();
        await keeping;
        daemon.CurrentAgents().Single(a => a.Name.Name == Projection).Status.ShouldBe(AgentStatus.Running);
        await daemon.StopAllAsync();
    }

    [Fact]
    public async Task A_rebuild_whose_node_stopped_before_tearing_the_projection_down_gives_the_daemon_its_shard_back()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AsyncRebuildTests));
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store) { EventsPerTransaction = 10_000 };
        await seeder.WriteAsync(RebuildStore.DefaultSyntheticEvents / 10);
        await seeder.RebuildSummariesAsync();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(Patience);
        var keeper = new RebuildShardKeeper(store, NullLogger.Instance) { StaleAfter = TimeSpan.FromSeconds(2) };

        // Another node started a rebuild and stopped while it waited for the settled end: nothing writes its job again.
        var now = DateTimeOffset.UtcNow;
        await using (var session = store.LightweightSession())
        {
            session.Store(new RebuildJob { Id = Projection, By = "ana", Node = "gone", State = RebuildState.Running, StartedAt = now, RunStartedAt = now, UpdatedAt = now });
            await session.SaveChangesAsync();
        }
        await keeper.PollAsync(daemon, CancellationToken.None);
        daemon.CurrentAgents().ShouldNotContain(agent => agent.Name.Name == Projection && agent.Status == AgentStatus.Running);

        using var stop = new CancellationTokenSource();
        var keeping = KeepAsync(keeper, daemon, stop.Token);
        var appended = await new EventAppender(store, new AppendOptions())
            .AppendAsync("after-a-node-stopped", new AppendRequest(GeneratedStream.Events(8, 20), ExpectedVersion: 0), new AppendContext("test", "api"));
        appended.ShouldBeOfType<AppendOutcome.Appended>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1)); // times out while the shard stays stopped
        await stop.CancelAsync();
        await keeping;

        // A node starting with that job on record runs the shard: the job reads as cancelled everywhere.
        var restarted = new RebuildShardKeeper(store, NullLogger.Instance) { StaleAfter = TimeSpan.FromSeconds(2) };
        await restarted.PollAsync(daemon, CancellationToken.None);
        daemon.CurrentAgents().Single(a => a.Name.Name == Projection).Status.ShouldBe(AgentStatus.Running);
        await daemon.StopAllAsync();
    }

    private static async Task KeepAsync(RebuildShardKeeper keeper, IProjectionDaemon daemon, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await keeper.PollAsync(daemon, CancellationToken.None);
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<List<string>> DocumentsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_activitybyday order by id", connection);
        var documents = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) documents.Add(reader.GetString(0));
        return documents;
    }
}
