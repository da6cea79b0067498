using EventWorkbench.Analytics;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Analytics;

/// <summary>
/// The analytics projections on real PostgreSQL, run by Marten's async daemon as the app's append-only role: what the
/// daemon builds while events arrive (or after a stop part way) equals what a full rebuild builds.
/// </summary>
public sealed class AnalyticsDaemonTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private TestDatabase _database = null!;
    private DocumentStore _store = null!;
    private EventAppender _appender = null!;

    public async Task InitializeAsync()
    {
        _database = await TestCluster.CreateDatabaseAsync(nameof(AnalyticsDaemonTests));
        _store = TestStores.For(_database);
        _appender = new EventAppender(_store, new AppendOptions { MaxEventsPerBatch = 50 });
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_daemon_keeps_up_with_appends_and_its_documents_equal_a_full_rebuild()
    {
        await AppendGeneratedAsync(firstSeed: 100, streams: 8);
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await AppendGeneratedAsync(firstSeed: 200, streams: 8); // while the daemon runs: the reviews it reads are ahead of it
            await _store.WaitForNonStaleProjectionDataAsync(Patience);
            await daemon.StopAllAsync();
        }
        var incremental = await StoredAnalyticsAsync();

        await RebuildAnalyticsAsync();

        incremental.Count(d => d.StartsWith("revieweractivity", StringComparison.Ordinal)).ShouldBe(3); // ana, tom and lee, each on the one day of the appends
        incremental.ShouldContain(d => d.StartsWith("modelscorecard", StringComparison.Ordinal));
        incremental.ShouldContain(d => d.StartsWith("revieweractivity", StringComparison.Ordinal) && !d.Contains("\"judgedWithOthers\": 0,", StringComparison.Ordinal));
        (await StoredAnalyticsAsync()).ShouldBe(incremental);
    }

    [Fact]
    public async Task A_daemon_stopped_part_way_through_catching_up_resumes_where_it_stopped_and_ends_as_a_rebuild_would()
    {
        // Enough for a dozen of the daemon's batches, so it is stopped part way however fast the machine.
        var seeder = new SyntheticSeeder(_store);
        var seeded = await seeder.WriteAsync(6_000);
        await seeder.RebuildSummariesAsync();
        await AppendGeneratedAsync(firstSeed: 300, streams: 4);
        var highWater = await HighestSequenceAsync();

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            var partWay = new TaskCompletionSource();
            using var subscription = daemon.Tracker.Subscribe(new ShardObserver(state =>
            {
                if (state.ShardName.StartsWith(nameof(ModelScorecard), StringComparison.Ordinal) && state.Sequence > 0 && state.Sequence < highWater)
                    partWay.TrySetResult();
            }));
            await daemon.StartAllAsync();
            await partWay.Task.WaitAsync(Patience);
            await daemon.StopAllAsync();
        }
        var stoppedAt = await ProgressAsync(nameof(ModelScorecard));
        stoppedAt.ShouldBeGreaterThan(0);
        stoppedAt.ShouldBeLessThan(highWater);

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await _store.WaitForNonStaleProjectionDataAsync(Patience);
            await daemon.StopAllAsync();
        }
        var resumed = await StoredAnalyticsAsync();
        await RebuildAnalyticsAsync();

        seeded.Events.ShouldBe(6_000);
        (await ProgressAsync(nameof(ModelScorecard))).ShouldBe(highWater);
        (await StoredAnalyticsAsync()).ShouldBe(resumed);
    }

    [Fact]
    public async Task A_start_appended_after_the_daemon_counted_its_proposal_moves_the_proposal_to_its_product()
    {
        (await _appender.AppendAsync("late-start", Batch(Proposal("p1"), Event("proposal_accepted", new { proposalId = "p1", by = "ana" })), Api))
            .ShouldBeOfType<AppendOutcome.Appended>();
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await _store.WaitForNonStaleProjectionDataAsync(Patience); // counted without a product
            (await _appender.AppendAsync("late-start", Batch(Started()), Api)).ShouldBeOfType<AppendOutcome.Appended>();
            await _store.WaitForNonStaleProjectionDataAsync(Patience);
            await daemon.StopAllAsync();
        }

        await using var session = _store.QuerySession();
        var cards = await session.Query<ModelScorecard>().ToListAsync();
        cards.Select(c => (c.Product, c.Proposals, c.AcceptedUnchanged)).ShouldBe([("support-replies", 1, 1)]);
        // The events counted without a product moved to it with the proposal.
        var activity = await session.Query<ActivityByDay>().ToListAsync();
        activity.Where(a => a.Product != "").Select(a => (a.Product, a.Total)).ShouldBe([("support-replies", 3L)]);
        activity.Where(a => a.Product == "").ShouldAllBe(a => !a.EventsByType.ContainsKey("proposal_generated"));
        var incremental = await StoredAnalyticsAsync();
        await RebuildAnalyticsAsync();
        (await StoredAnalyticsAsync()).ShouldBe(incremental);
    }

    /// <summary>Generated interactions (decisions twice, feedback, curation, corrections of every kind), appended a few events at a time and interleaved.</summary>
    private async Task AppendGeneratedAsync(int firstSeed, int streams)
    {
        var pending = Enumerable.Range(firstSeed, streams).Select(seed => (Stream: $"analytics-{seed}", Events: GeneratedStream.Events(seed, 60))).ToList();
        for (var offset = 0; offset < 60; offset += 6)
        {
            foreach (var (stream, events) in pending)
            {
                var outcome = await _appender.AppendAsync(stream, Batch([.. events.Skip(offset).Take(6)]), Api);
                outcome.ShouldBeOfType<AppendOutcome.Appended>();
            }
        }
    }

    // One daemon per projection: a second rebuild on the same daemon instance writes no documents (see SyntheticSeeder).
    private async Task RebuildAnalyticsAsync()
    {
        using (var daemon = await _store.BuildProjectionDaemonAsync()) await daemon.RebuildProjectionAsync<ModelScorecardProjection>(Patience, CancellationToken.None);
        using (var daemon = await _store.BuildProjectionDaemonAsync()) await daemon.RebuildProjectionAsync<ActivityByDayProjection>(Patience, CancellationToken.None);
        using (var daemon = await _store.BuildProjectionDaemonAsync()) await daemon.RebuildProjectionAsync<ReviewerActivityProjection>(Patience, CancellationToken.None);
    }

    /// <summary>Every analytics document as PostgreSQL stores it (table, id and jsonb text), in order.</summary>
    private async Task<List<string>> StoredAnalyticsAsync()
    {
        var schema = EventStoreConfiguration.Schema;
        var sql = string.Join(" union all ", new[] { "modelscorecard", "activitybyday", "revieweractivity" }
            .Select(table => $"select '{table} ' || id || ' ' || data::text as document from {schema}.mt_doc_{table}")) + " order by document";
        var documents = new List<string>();
        await using var connection = new NpgsqlConnection(_database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) documents.Add(reader.GetString(0));
        return documents;
    }

    private Task<long> HighestSequenceAsync() =>
        ScalarAsync($"select coalesce(max(seq_id), 0) from {EventStoreConfiguration.Schema}.mt_events");

    private Task<long> ProgressAsync(string projection) =>
        ScalarAsync($"select coalesce(max(last_seq_id), 0) from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{projection}%'");

    private sealed class ShardObserver(Action<ShardState> onNext) : IObserver<ShardState>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(ShardState value) => onNext(value);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
