using EventWorkbench.Audit;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Web.Features.Seals;

/// <summary>
/// Seals the log as <c>automatic</c> every <see cref="SealsOptions.Interval"/>, and sooner once
/// <see cref="SealsOptions.EveryEvents"/> events are unsealed. Several app nodes may run it: a range is sealed once,
/// the node that loses the race finds it sealed.
/// </summary>
public sealed class AutomaticSealer(SealsOptions options, LogSealer sealer, SealLog seals, NpgsqlDataSource dataSource, ILogger<AutomaticSealer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Automatic || options.Interval <= TimeSpan.Zero) return;
        var check = options.EveryEvents > 0 ? Min(options.CountCheckInterval, options.Interval) : options.Interval;
        var nextByTime = DateTime.UtcNow + options.Interval;
        using var timer = new PeriodicTimer(check);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var due = DateTime.UtcNow >= nextByTime || (options.EveryEvents > 0 && await UnsealedAsync(stoppingToken) >= options.EveryEvents);
                if (!due) continue;
                nextByTime = DateTime.UtcNow + options.Interval;
                if (await sealer.SealAsync(LogSealed.Automatic, cancellationToken: stoppingToken) is SealOutcome.Sealed { Seals: var made })
                {
                    logger.LogInformation("Sealed the log through sequence {Sequence} ({Seals} seals, {Events} events)",
                        made[^1].ToSequence, made.Count, made.Sum(s => s.EventCount));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning("Automatic sealing failed; it is tried again at the next interval: {Reason}", ex.Message);
            }
        }
    }

    private async Task<long> UnsealedAsync(CancellationToken cancellationToken)
    {
        var all = await seals.ListAsync(cancellationToken);
        var last = all.Count > 0 ? all[^1] : null;
        await using var command = dataSource.CreateCommand($"select count(*) from {EventStoreConfiguration.Schema}.mt_events where seq_id > @after");
        command.Parameters.AddWithValue("after", last?.ToSequence ?? 0);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
