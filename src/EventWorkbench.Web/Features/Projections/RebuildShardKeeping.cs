using EventWorkbench.Projections;
using Marten;
using Marten.Events.Daemon.Coordination;

namespace EventWorkbench.Web.Features.Projections;

/// <summary>Runs <see cref="RebuildShardKeeper"/> against this node's projection daemon every second.</summary>
internal sealed class RebuildShardKeeping(IProjectionCoordinator coordinator, IDocumentStore store, ILogger<RebuildShardKeeping> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keeper = new RebuildShardKeeper(store, logger);
        var failing = false;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keeper.PollAsync(coordinator.DaemonForMainDatabase(), stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Once per outage (the database starting or restarting): the health check reports the rest.
                if (!failing) logger.LogWarning(ex, "Could not check the daemon's shards against the rebuilds; trying again every second");
                failing = true;
            }
        }
    }
}
