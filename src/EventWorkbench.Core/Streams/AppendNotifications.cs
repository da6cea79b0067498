using EventWorkbench.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Streams;

/// <summary>
/// Tells open pages that a stream has new events. Every append sends a PostgreSQL NOTIFY in its own
/// transaction (<see cref="AppendNotificationTrigger"/>), so this works across app nodes sharing one
/// database, whichever node took the append.
/// </summary>
public sealed class AppendNotifications(NpgsqlDataSource dataSource, ILogger<AppendNotifications> logger) : BackgroundService
{
    /// <summary>Raised with the stream id after an append to it has committed.</summary>
    public event Action<string>? StreamAppended;

    /// <summary>Raised with the subject id after an erasure destroyed its keys (<see cref="Erasure.SubjectErasure.Channel"/>), on every node.</summary>
    public event Action<string>? SubjectErased;

    /// <summary>
    /// Awaited each time the listener has (re)connected and listens, before it reports itself up: PostgreSQL keeps no
    /// notification for a listener that is not connected, so a handler looks for what was announced meanwhile. A handler
    /// that fails counts as a lost connection: the listener connects again and runs every handler again.
    /// </summary>
    public event Func<CancellationToken, Task>? Connected;

    /// <summary>Whether the LISTEN connection is up; while it is not, open pages do not refresh on appends.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Why the listener last lost its connection, for the health report.</summary>
    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, args) =>
                {
                    if (args.Channel == Erasure.SubjectErasure.Channel) Raise(SubjectErased, args.Payload);
                    else Raise(StreamAppended, args.Payload);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {AppendNotificationTrigger.Channel}; LISTEN {Erasure.SubjectErasure.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                foreach (var catchUp in Connected?.GetInvocationList().Cast<Func<CancellationToken, Task>>() ?? [])
                    await catchUp(stoppingToken);
                IsListening = true;
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                IsListening = false;
                LastError = ex.GetBaseException().Message;
                logger.LogWarning(ex, "Lost the append notification connection; retrying in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private void Raise(Action<string>? listeners, string id)
    {
        try
        {
            listeners?.Invoke(id);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "A listener failed on the notification for {Id}", id);
        }
    }
}
