using System.Diagnostics;
using EventWorkbench.Erasure;
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
internal sealed partial class RebuildRun(
    IDocumentStore store, IProjectionSource<IDocumentOperations, IQuerySession> source, RebuildJob job, bool resume,
    RebuildClaim claim, RebuildLog log, ProjectionRebuilds owner, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private DateTimeOffset _lastWritten = DateTimeOffset.UtcNow; // the job was saved just before the run started
    private (string By, string Reason)? _cancelledBy;

    public Task Completion => _completion.Task;

    public void RequestCancel(string by, string reason)
    {
        _cancelledBy ??= (by, reason);
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has ended: there is nothing left to cancel.
        }
    }

    /// <summary>Called by the run itself once it has ended.</summary>
    public void Dispose()
    {
        _cancel.Dispose();
        _writing.Dispose();
    }

    public void Start(Action ended, CancellationToken stopping) => _ = Task.Run(async () =>
    {
        using var alive = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var keepingAlive = KeepAliveAsync(alive.Token);
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
            await alive.CancelAsync();
            await keepingAlive;
            ended();
            await claim.DisposeAsync();
            Dispose();
            _completion.TrySetResult();
        }
    }, CancellationToken.None);

    private async Task RunAsync(CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        var eventStore = (IEventStore<IDocumentOperations, IQuerySession>)store;
        var database = (IEventDatabase)store.Storage.Database;
        using (var cancelling = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token))
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(cancelling.Token);
                job.Total = Math.Max(job.Total, await SettledPosition.ReadAsync(connection, owner.OpenTransactionWait, "the rebuild", cancelling.Token));
                // An erasure this node has not heard of yet must not have its subject's text read back into the projection.
                await SubjectKeyring.Of(store).ForgetErasedAsync(cancelling.Token);
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                await FinishAsync(RebuildState.Cancelled, stopping); // before anything was torn down
                return;
            }
        }
        // Only the runtime of the agents below: not prepared for rebuilds, which would start a second writer of shard
        // states on this database beside the app's own daemon's.
        using var daemon = await store.BuildProjectionDaemonAsync(logger: logger);
        logger.LogInformation("{Action} {Projection} from sequence {From} to {Total}", resume ? "Resuming the rebuild of" : "Rebuilding", job.Id, job.From, job.Total);

        if (!resume)
        {
            if (await CancelRequestedAsync(stopping))
            {
                await FinishAsync(RebuildState.Cancelled, stopping); // the projection is as it was
                return;
            }
            await eventStore.TeardownExistingProjectionStateAsync(database, source.Name, stopping);
            job.TornDownAt = job.Total;
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
        using var waking = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token);
        try
        {
            while (!replayed.IsCompleted)
            {
                await Task.WhenAny(replayed, Task.Delay(owner.Heartbeat, waking.Token));
                if (replayed.IsCompleted) break;
                stopping.ThrowIfCancellationRequested();
                if (await CancelRequestedAsync(stopping))
                {
                    await StopAsync(agents, replays);
                    await FinishAsync(RebuildState.Cancelled, stopping);
                    return;
                }
                await WriteProgressAsync(stopping);
            }
            await replayed; // a failed replay throws here
            job.Finishing = true; // from here on it goes to its end: a cancel asked for now is refused
            await WriteProgressAsync(stopping);
        }
        catch (Exception) when (!replayed.IsCompleted)
        {
            await StopAsync(agents, replays); // no agent goes on writing once the run has ended
            throw;
        }

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
    private async Task StopAsync(List<SubscriptionAgent> agents, List<Task> replays)
    {
        foreach (var agent in agents)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await agent.StopAndDrainAsync(timeout.Token);
                // Ends the replay the agent still waits on (no more batches will come).
                await agent.ReportCriticalFailureAsync(new OperationCanceledException("The rebuild was cancelled"));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "Could not stop {Shard} of the rebuild of {Projection}", agent.Name.Identity, job.Id);
            }
        }
        await Task.WhenAll(replays).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Whether a cancel was asked for, on this node or (through its request document) on any other.</summary>
    private async Task<bool> CancelRequestedAsync(CancellationToken cancellationToken)
    {
        if (!_cancel.IsCancellationRequested)
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<RebuildCancelRequest>(job.Id, cancellationToken) is { } requested) RequestCancel(requested.By, requested.Reason);
        }
        return _cancel.IsCancellationRequested;
    }
}
