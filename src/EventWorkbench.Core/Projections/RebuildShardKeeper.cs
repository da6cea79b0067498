using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Projections;

/// <summary>
/// Keeps the app's own daemon out of the way of a rebuild of an async projection, on the node whose daemon runs the
/// projection's shard, whichever node runs the rebuild (each reads the rebuild's job document). While the rebuild runs,
/// the shard is stopped here (it would otherwise fold events into documents the rebuild tears down and writes); once the
/// rebuild is done, it is started again from the position the rebuild left, so the events appended meanwhile reach it.
/// A shard the rebuild stopped first (Marten stops an agent whose progress was moved under it) is started again too.
/// After a cancelled or failed rebuild the shard stays stopped, as the projection is: its rebuild resumes from there; unless
/// the rebuild stopped before it tore the projection down, which leaves the projection, and so its shard, as it was.
/// A job whose node stopped (not written for <see cref="StaleAfter"/>) counts as cancelled, as every node shows it.
/// </summary>
public sealed class RebuildShardKeeper(IDocumentStore store, ILogger logger)
{
    /// <summary>A job said to be running that has not been written for this long: its node stopped.</summary>
    public TimeSpan StaleAfter { get; init; } = RebuildJob.DefaultStaleAfter;

    /// <summary>The shards stopped here while their projection rebuilds (a stopped shard leaves the daemon's list).</summary>
    private readonly Dictionary<string, ShardName> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastSeenRunning = new(StringComparer.Ordinal);

    /// <summary>Looks once at the daemon's shards and the rebuild jobs; meant to be called every second or so.</summary>
    public async Task PollAsync(IProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        var agents = daemon.CurrentAgents();
        if (agents.Count == 0 && _held.Count == 0) return; // this node's daemon runs no shard (another node leads)
        await using var session = store.QuerySession();
        var jobs = (await session.Query<RebuildJob>().ToListAsync(cancellationToken)).ToDictionary(job => job.Id, StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;

        foreach (var (shard, name) in _held.ToList())
        {
            // Still rebuilding, or cancelled or failed part way: the projection is stopped until its rebuild resumes and
            // ends. One that stopped before it tore anything down left the projection as it was: it goes on as before.
            var job = jobs.GetValueOrDefault(name.Name);
            var stopped = job is { State: RebuildState.Cancelled or RebuildState.Failed } || job?.IsAbandoned(now, StaleAfter) == true;
            var intact = stopped && job!.TornDownAt is null;
            if (job is not { State: RebuildState.Done } && !intact) continue;
            _held.Remove(shard);
            logger.LogInformation("Starting the daemon's {Shard} again on this node: {Projection} {Outcome}",
                shard, name.Name, intact ? "was left as it was by a rebuild that stopped before changing it" : "was rebuilt");
            await daemon.StartAgentAsync(name, cancellationToken);
            _lastSeenRunning[shard] = now;
        }

        foreach (var agent in agents)
        {
            var shard = agent.Name.Identity;
            var job = jobs.GetValueOrDefault(agent.Name.Name);
            if (job is { State: RebuildState.Running } && !job.IsAbandoned(now, StaleAfter))
            {
                logger.LogInformation("Stopping the daemon's {Shard} on this node while {Projection} rebuilds", shard, job.Id);
                _held[shard] = agent.Name;
                await daemon.StopAgentAsync(agent.Name);
                continue;
            }
            if (agent.Status == AgentStatus.Running)
            {
                _lastSeenRunning[shard] = now;
                continue;
            }
            // Stopped by the rebuild itself before this node saw it run: started again once it is done.
            if (job is not { State: RebuildState.Done, FinishedAt: { } finished }) continue;
            if (!_lastSeenRunning.TryGetValue(shard, out var seen) || finished < seen) continue;
            logger.LogInformation("Starting the daemon's {Shard} again on this node: {Projection} was rebuilt", shard, job.Id);
            await daemon.StartAgentAsync(agent.Name, cancellationToken);
            _lastSeenRunning[shard] = now;
        }
    }
}
