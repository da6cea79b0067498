using System.Diagnostics;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Projections;

/// <summary>
/// One run of a rebuild on this node. A fresh projection daemon for each run (a second rebuild on one daemon
/// instance wrote no documents, Marten 9.58); for each of the projection's shards a subscription agent built as the
/// daemon builds its own, replayed from the run's floor (0 after tearing the projection's state down, or the
/// position a resumed rebuild stopped at) to the settled end of the log taken at the start (<see cref="SettledPosition"/>).
/// Marten's replay writes the position to <c>mt_event_progression</c> batch by batch, which is what the job reports and
/// what a resume starts from.
/// </summary>
internal sealed class RebuildRun(
    IDocumentStore store, IProjectionSource<IDocumentOperations, IQuerySession> source, RebuildJob job, bool resume,
    RebuildClaim claim, RebuildLog log, ProjectionRebuilds owner, ILogger logger)
{
    private readonly TaskCompletionSource _cancel = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (string By, string Reason)? _cancelledBy;

    public Task Completion => _completion.Task;

    public void RequestCancel(string by, string reason)
    {
        _cancelledBy ??= (by, reason);
        _cancel.TrySetResult();
    }

    public void Start(Action ended, CancellationToken stopping) => _ = Task.Run(async () =>
    {
        try
        {
            await RunAsync(stopping);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The rebuild of {Projection} failed", job.Id);
            await FailAsync(ex);
        }
        finally
        {
            ended();
            await claim.DisposeAsync();
            _completion.TrySetResult();
        }
    }, CancellationToken.None);

    private async Task RunAsync(CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        var eventStore = (IEventStore<IDocumentOperations, IQuerySession>)store;
        var database = (IEventDatabase)store.Storage.Database;
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(stopping);
            job.Total = Math.Max(job.Total, await SettledPosition.ReadAsync(connection, owner.OpenTransactionWait, "the rebuild", stopping));
        }
        // Only the runtime of the agents below: not prepared for rebuilds, which would start a second writer of shard
        // states on this database beside the app's own daemon's.
        using var daemon = await store.BuildProjectionDaemonAsync(logger: logger);
        logger.LogInformation("{Action} {Projection} from sequence {From} to {Total}", resume ? "Resuming the rebuild of" : "Rebuilding", job.Id, job.From, job.Total);

        if (!resume)
        {
            job.TornDownAt = job.Total;
            await eventStore.TeardownExistingProjectionStateAsync(database, source.Name, stopping);
        }
        var positions = resume ? await ProjectionPositions.ReadAsync(store, stopping) : [];
        var agents = new List<SubscriptionAgent>();
        var replays = new List<Task>();
        foreach (var shard in source.Shards())
        {
            var agent = BuildAgent(eventStore, database, shard);
            agents.Add(agent);
            var floor = positions.Where(p => p.Shard == shard.Name.Identity).Select(p => p.Sequence).FirstOrDefault();
            var request = new SubscriptionExecutionRequest(floor, ShardExecutionMode.Rebuild, eventStore.RebuildErrors, (IDaemonRuntime)daemon)
            {
                DisableOptimizedReplay = true,
            };
            replays.Add(agent.ReplayAsync(request, job.Total, owner.ShardTimeout));
        }

        var replayed = Task.WhenAll(replays);
        while (!replayed.IsCompleted)
        {
            await Task.WhenAny(replayed, _cancel.Task, Task.Delay(owner.Heartbeat, stopping));
            if (replayed.IsCompleted) break;
            if (!_cancel.Task.IsCompleted && await CancelRequestAsync(stopping) is { } requested) RequestCancel(requested.By, requested.Reason);
            if (_cancel.Task.IsCompleted)
            {
                await StopAsync(agents, replays);
                await FinishAsync(RebuildState.Cancelled, stopping);
                return;
            }
            await WriteProgressAsync(stopping);
        }
        await replayed; // a failed replay throws here

        if (source.Lifecycle == ProjectionLifecycle.Inline)
        {
            var (streams, gateClosed) = await InlineRebuildCatchUp.RunAsync(store, source, job.TornDownAt!.Value, stopping);
            logger.LogInformation("Folded {Projection} again for the {Streams} streams appended to while it rebuilt; appends waited {Ms} ms",
                job.Id, streams, (long)gateClosed.TotalMilliseconds);
            // As Marten's own rebuild does: an inline projection keeps no position once rebuilt.
            await eventStore.DeleteProjectionProgressAsync(database, source.Name, stopping);
        }
        job.Done = job.Total;
        var duration = job.EarlierMs + clock.ElapsedMilliseconds;
        // Recorded before the job says done, so a page (on any node) that sees it done finds it in the history.
        await log.RecordAsync(new ProjectionRebuilt(job.Id, job.By, job.EventsRead, duration), stopping);
        await FinishAsync(RebuildState.Done, stopping);
        logger.LogInformation("Rebuilt {Projection}: {Events} events in {Ms} ms", job.Id, job.EventsRead, duration);
    }

    private SubscriptionAgent BuildAgent(
        IEventStore<IDocumentOperations, IQuerySession> eventStore, IEventDatabase database, AsyncShard<IDocumentOperations, IQuerySession> shard)
    {
        var execution = shard.Factory.BuildExecution(eventStore, database, logger, shard.Name);
        var loader = eventStore.BuildEventLoader(database, logger, shard.Filters, shard.Options, shard.Name);
        return new SubscriptionAgent(shard.Name, shard.Options, eventStore.TimeProvider, loader, execution, database.Tracker,
            new SubscriptionMetrics(eventStore, shard.Name, database), logger);
    }

    /// <summary>Stops the agents after the batch in hand, so the position stays where the last batch left it.</summary>
    private static async Task StopAsync(List<SubscriptionAgent> agents, List<Task> replays)
    {
        foreach (var agent in agents)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await agent.StopAndDrainAsync(timeout.Token);
            // Ends the replay the agent still waits on (no more batches will come).
            await agent.ReportCriticalFailureAsync(new OperationCanceledException("The rebuild was cancelled"));
        }
        await Task.WhenAll(replays).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<RebuildCancelRequest?> CancelRequestAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<RebuildCancelRequest>(job.Id, cancellationToken);
    }

    private async Task WriteProgressAsync(CancellationToken cancellationToken)
    {
        job.Done = Math.Max(job.From, await ProjectionPositions.OfAsync(store, job.Id, cancellationToken) ?? job.From);
        job.UpdatedAt = DateTimeOffset.UtcNow;
        await SaveAsync(cancellationToken);
    }

    private async Task FinishAsync(RebuildState state, CancellationToken cancellationToken)
    {
        if (state == RebuildState.Cancelled)
        {
            job.Done = Math.Max(job.From, await ProjectionPositions.OfAsync(store, job.Id, cancellationToken) ?? job.From);
            (job.CancelledBy, job.CancelReason) = _cancelledBy ?? ("workbench", "cancelled");
        }
        job.State = state;
        job.UpdatedAt = DateTimeOffset.UtcNow;
        job.FinishedAt = job.UpdatedAt;
        await SaveAsync(cancellationToken, deleteCancelRequest: true);
    }

    private async Task FailAsync(Exception ex)
    {
        try
        {
            job.State = RebuildState.Failed;
            job.Error = ex.GetBaseException().Message;
            if (FailingEvent(ex) is { } failed)
            {
                (job.FailedSequence, job.FailedEventType, job.FailedStream) = (failed.Sequence, failed.EventTypeName, failed.StreamKey ?? failed.StreamId.ToString());
            }
            job.Done = Math.Max(job.From, await ProjectionPositions.OfAsync(store, job.Id) ?? job.From);
            job.UpdatedAt = DateTimeOffset.UtcNow;
            job.FinishedAt = job.UpdatedAt;
            await SaveAsync(CancellationToken.None, deleteCancelRequest: true);
        }
        catch (Exception again) when (again is not OutOfMemoryException)
        {
            logger.LogError(again, "Could not record that the rebuild of {Projection} failed", job.Id);
        }
    }

    private static IEvent? FailingEvent(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is ApplyEventException apply) return apply.Event;
        }
        return null;
    }

    private async Task SaveAsync(CancellationToken cancellationToken, bool deleteCancelRequest = false)
    {
        await using var session = store.LightweightSession();
        session.Store(job);
        if (deleteCancelRequest) session.Delete<RebuildCancelRequest>(job.Id);
        await session.SaveChangesAsync(cancellationToken);
        owner.Report(job);
    }
}
