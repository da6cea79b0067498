using System.Diagnostics;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// b') The Marten in-process path with <see cref="ProposalReviewProjection"/> run by the async daemon instead of inline
/// (only its shard runs), and the daemon's lag: how long after the burst it has caught up with the last event.
/// </summary>
public static class AsyncReviewAppendScenario
{
    public sealed record Outcome(ScenarioResult Append, TimeSpan LagAfterBurst);

    public static async Task<Outcome> RunAsync(TestDatabase database, AppendWorkload workload, int workers)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database.AppConnectionString);
            EventStoreConfiguration.Configure(options);
            options.AutoCreateSchemaObjects = AutoCreate.None;
            foreach (var review in options.Projections.All.OfType<ProposalReviewProjection>()) review.Lifecycle = ProjectionLifecycle.Async;
        });
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAgentAsync($"{nameof(ProposalReview)}:All", CancellationToken.None);

        var warmUp = workload.WarmUp(workload.Batches[0].Events.Count);
        await AppendWorkload.RunConcurrentlyAsync(warmUp, workers, (_, batch) => MartenAppendScenario.AppendAsync(store, batch));

        var append = await ScenarioResult.MeasureAsync("Marten, ProposalReview async", workload.Events, () =>
            AppendWorkload.RunConcurrentlyAsync(workload.Batches, workers, (_, batch) => MartenAppendScenario.AppendAsync(store, batch)));
        var clock = Stopwatch.StartNew();
        var highest = await ScalarAsync(database, $"select max(seq_id) from {EventStoreConfiguration.Schema}.mt_events");
        while (await ScalarAsync(database, $"select coalesce(max(last_seq_id), 0) from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{nameof(ProposalReview)}%'") < highest)
        {
            if (clock.Elapsed > TimeSpan.FromHours(1)) throw new TimeoutException("The daemon did not catch up within an hour");
            await Task.Delay(20);
        }
        var lag = clock.Elapsed;
        await daemon.StopAllAsync();
        return new Outcome(append, lag);
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
