using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventWorkbench.Projections;

/// <summary>
/// Starts, cancels and resumes rebuilds of any registered projection while the app keeps serving. A rebuild runs in
/// the background on the node that started it (<see cref="RebuildRun"/>); its job document carries its progress to
/// every node, and a cancel request from any node reaches it through a document too.
/// </summary>
public sealed class ProjectionRebuilds(IDocumentStore store, RebuildLog log, ILoggerFactory? loggers = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RebuildRun> _running = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>This app node, as the job names it.</summary>
    public string Node { get; init; } = ThisNode.Name;

    /// <summary>How often a running rebuild writes its progress and looks for a cancel request.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A job said to be running that has not been written for this long: its node stopped.</summary>
    public TimeSpan StaleAfter { get; init; } = RebuildJob.DefaultStaleAfter;

    /// <summary>How long a rebuild waits for transactions that were open when it started (they may still add events it must read).</summary>
    public TimeSpan OpenTransactionWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one shard's replay may take.</summary>
    public TimeSpan ShardTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Raised on this node whenever a rebuild it runs wrote progress or ended.</summary>
    public event Action<RebuildProgress>? Changed;

    public Task<RebuildStart> StartAsync(string name, string by, CancellationToken cancellationToken = default) =>
        BeginAsync(name, by, resume: false, cancellationToken);

    /// <summary>Continues a cancelled, failed or interrupted rebuild from the position it stopped at.</summary>
    public Task<RebuildStart> ResumeAsync(string name, string by, CancellationToken cancellationToken = default) =>
        BeginAsync(name, by, resume: true, cancellationToken);

    public async Task<RebuildCancel> CancelAsync(string name, string by, string reason, CancellationToken cancellationToken = default)
    {
        if (RegisteredProjections.Find(store, name) is null) return new RebuildCancel.UnknownProjection(name, RegisteredProjections.Names(store));
        var job = await FindAsync(name, cancellationToken);
        if (job is not { State: RebuildState.Running }) return new RebuildCancel.NotRunning(name);
        if (job.Finishing) return new RebuildCancel.Finishing(name);
        await using (var session = store.LightweightSession())
        {
            session.Store(new RebuildCancelRequest { Id = name, By = by, Reason = reason, RequestedAt = DateTimeOffset.UtcNow });
            await session.SaveChangesAsync(cancellationToken);
        }
        if (_running.TryGetValue(name, out var local)) local.RequestCancel(by, reason);
        return new RebuildCancel.Requested(RebuildProgress.Of(job));
    }

    /// <summary>
    /// The last rebuild job of <paramref name="name"/> (one said to run on a node that stopped shows as cancelled), a
    /// running one with its figures as of now (<see cref="Current"/>).
    /// </summary>
    public async Task<RebuildJob?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var job = Settled(await session.LoadAsync<RebuildJob>(name, cancellationToken));
        return job is { State: RebuildState.Running } ? Current(job, await ProjectionPositions.ReadAsync(store, cancellationToken)) : job;
    }

    public Task<IReadOnlyList<RebuildJob>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(null, cancellationToken);

    /// <summary>Every rebuild job, running ones read as of <paramref name="positions"/> when the caller has just read them.</summary>
    public async Task<IReadOnlyList<RebuildJob>> ListAsync(
        IReadOnlyList<(string Shard, long Sequence, DateTimeOffset? Updated)>? positions, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var jobs = (await session.Query<RebuildJob>().ToListAsync(cancellationToken)).Select(j => Settled(j)!).ToList();
        if (jobs.Any(j => j.State == RebuildState.Running))
        {
            positions ??= await ProjectionPositions.ReadAsync(store, cancellationToken);
            foreach (var job in jobs.Where(j => j.State == RebuildState.Running)) Current(job, positions);
        }
        return jobs;
    }

    /// <summary>
    /// A running job read as of now: done up to the position its shards stored, which moves with every batch, rather than
    /// as of its last heartbeat, which a busy node may write late, so every node shows the same, current figures.
    /// </summary>
    private static RebuildJob Current(RebuildJob job, IReadOnlyList<(string Shard, long Sequence, DateTimeOffset? Updated)> positions)
    {
        // Until the run has torn the projection down, the stored position is the live projection's, not the rebuild's.
        if (job.TornDownAt is not null && ProjectionPositions.Of(positions, job.Id) is { } stored && stored > job.Done && stored <= job.Total)
        {
            job.Done = stored;
            job.UpdatedAt = DateTimeOffset.UtcNow;
        }
        return job;
    }

    /// <summary>Waits for the rebuild of <paramref name="name"/> running on this node to end; the job as it ended.</summary>
    public async Task<RebuildJob?> WaitAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(name, out var run)) await run.Completion.WaitAsync(cancellationToken);
        return await FindAsync(name, cancellationToken);
    }

    private RebuildJob? Settled(RebuildJob? job)
    {
        if (job is not null && !_running.ContainsKey(job.Id) && job.IsAbandoned(DateTimeOffset.UtcNow, StaleAfter))
        {
            job.State = RebuildState.Cancelled;
            job.CancelReason = $"the node running it ({job.Node}) stopped";
        }
        return job;
    }

    private async Task<RebuildStart> BeginAsync(string name, string by, bool resume, CancellationToken cancellationToken)
    {
        var source = RegisteredProjections.Find(store, name);
        if (source is null) return new RebuildStart.UnknownProjection(name, RegisteredProjections.Names(store));
        var previous = await FindAsync(name, cancellationToken);
        if (previous is { State: RebuildState.Running }) return new RebuildStart.AlreadyRunning(RebuildProgress.Of(previous));

        var claim = await RebuildClaim.TryTakeAsync(store, name, cancellationToken);
        if (claim is null)
        {
            return new RebuildStart.Busy(
                $"{name} is being changed right now (a rebuild starting on another node, an erasure or a shadow promotion); try again in a moment.");
        }
        try
        {
            long from = 0;
            if (resume)
            {
                if (previous is not { State: RebuildState.Cancelled or RebuildState.Failed })
                {
                    await claim.DisposeAsync();
                    return new RebuildStart.NothingToResume(previous is null
                        ? $"{name} was never rebuilt; start a rebuild instead"
                        : $"The last rebuild of {name} is {previous.State.ToString().ToLowerInvariant()}; there is nothing to resume");
                }
                // A run that stopped before it tore anything down, or whose position is gone (an inline projection's is
                // dropped once its replay is done), has nothing to go on from: it starts again.
                if (previous.TornDownAt is not null && await ProjectionPositions.OfAsync(store, name, cancellationToken) is { } position) from = position;
                else resume = false;
            }
            var now = DateTimeOffset.UtcNow;
            var job = new RebuildJob
            {
                Id = name,
                By = resume ? previous!.By : by,
                Node = Node,
                StartedAt = resume ? previous!.StartedAt : now,
                RunStartedAt = now,
                UpdatedAt = now,
                From = from,
                Done = from,
                Total = await ProjectionPositions.HighWaterMarkAsync(store, cancellationToken),
                TornDownAt = resume ? previous!.TornDownAt : null,
                State = RebuildState.Running,
                EarlierEvents = resume ? previous!.EventsRead : 0,
                EarlierMs = resume ? previous!.EarlierMs + (long)((previous.FinishedAt ?? previous.UpdatedAt) - previous.RunStartedAt).TotalMilliseconds : 0,
                Resumes = resume ? previous!.Resumes + 1 : 0,
            };
            await using (var session = store.LightweightSession())
            {
                session.Delete<RebuildCancelRequest>(name);
                session.Store(job);
                await session.SaveChangesAsync(cancellationToken);
            }
            var run = new RebuildRun(store, source, job, resume, claim, log, this, _loggers.CreateLogger<RebuildRun>());
            _running[name] = run;
            run.Start(() => _running.TryRemove(name, out _), _stopping.Token);
            return new RebuildStart.Started(RebuildProgress.Of(job));
        }
        catch
        {
            await claim.DisposeAsync();
            throw;
        }
    }

    internal void Report(RebuildJob job)
    {
        var progress = RebuildProgress.Of(job);
        try
        {
            Changed?.Invoke(progress);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A listener's failure is not the rebuild's.
        }
    }

    /// <summary>Stops the rebuilds running on this node (the app is stopping): each can be resumed later.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var run in _running.Values) run.RequestCancel("workbench", "the app stopped");
        await Task.WhenAll(_running.Values.Select(r => r.Completion.ContinueWith(_ => { }, TaskScheduler.Default)))
            .WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }
}
