using EventWorkbench.Erasure;
using Npgsql;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>
/// At start-up, after the event store migration (an earlier hosted service), completes every erasure that was recorded
/// but not finished: a stop or a crash in the middle of one. The app serves only once they are complete, so no page shows
/// data of a subject whose erasure was asked for.
/// </summary>
internal sealed class PendingErasures(SubjectErasure erasure, ILogger<PendingErasures> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return;
        try
        {
            var completed = await erasure.CompletePendingAsync(cancellationToken);
            if (completed > 0) logger.LogWarning("Completed {Count} interrupted erasure(s) of data subjects", completed);
            else logger.LogInformation("No interrupted erasure of a data subject to complete");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while starting: the next start completes them.
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ErasureIncompleteException)
        {
            // The app still starts: the erasures stay pending and the next start (or erasing the subject again) completes them.
            logger.LogError("Could not complete the interrupted erasures of data subjects: {Reason}. They stay pending; restart the app or erase the subjects again", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
