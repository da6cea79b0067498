using EventWorkbench.Erasure;
using EventWorkbench.Streams;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>
/// Makes this node forget what it keeps in memory of a data subject erased on any node (this one, another app, the
/// command line): its keys and the kept history and previews of its streams. The erasure announces the subject with a
/// PostgreSQL <c>NOTIFY</c> (<see cref="SubjectErasure.Channel"/>) that <see cref="AppendNotifications"/> listens for;
/// each time the listener (re)connects, the subjects erased while it was not listening are forgotten too
/// (<see cref="SubjectErasure.ForgetMissedAsync"/>), since PostgreSQL kept no notification for it.
/// </summary>
internal sealed class ErasureNotifications(AppendNotifications notifications, SubjectErasure erasure, ILogger<ErasureNotifications> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        notifications.SubjectErased += OnSubjectErased;
        notifications.Connected += ForgetMissedAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        notifications.SubjectErased -= OnSubjectErased;
        notifications.Connected -= ForgetMissedAsync;
        return Task.CompletedTask;
    }

    // A failure here fails the listener's connection, which connects again and retries.
    private async Task ForgetMissedAsync(CancellationToken cancellationToken)
    {
        foreach (var subjectId in await erasure.ForgetMissedAsync(cancellationToken))
            logger.LogWarning("Forgot the keys and kept streams of erased data subject {Subject}, whose notification this node missed", subjectId);
    }

    private void OnSubjectErased(string subjectId) => _ = ForgetAsync(subjectId);

    private async Task ForgetAsync(string subjectId)
    {
        try
        {
            await erasure.ForgetAsync(subjectId);
            logger.LogInformation("Forgot the keys and kept streams of erased data subject {Subject}", subjectId);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            logger.LogError("Could not forget erased data subject {Subject} on this node: {Reason}; restart the node to be sure", subjectId, ex.Message);
        }
    }
}
