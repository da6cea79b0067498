using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>What the supervisor last found: the server runs, is being started again, or could not be started again.</summary>
public enum SupervisedState
{
    Running,
    Restarting,
    GaveUp,
}

/// <summary>How often the supervisor looks and how patiently it starts the server again.</summary>
public sealed record SupervisorTimings(TimeSpan PollInterval, TimeSpan FirstBackoff, TimeSpan MaxBackoff, int MaxAttempts)
{
    /// <summary>Looks four times a second; waits 0.5, 1, 2, 4, 8, 8 s before six attempts (about 25 s) before giving up.</summary>
    public static SupervisorTimings Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8), 6);

    public TimeSpan BackoffBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempt - 1, 20)));
}

/// <summary>
/// Watches the embedded server's postmaster process and, when it exits without being asked to (killed, crashed),
/// logs one warning, clears the connection pools of their dead connections, starts the server again on the same port
/// and data folder (so every connection string stays good) with a short backoff between attempts, and clears the
/// pools once more when it answers. After <see cref="SupervisorTimings.MaxAttempts"/> failed attempts in a row it logs
/// an error and stops trying; the app then answers 503 until it is restarted.
/// </summary>
public sealed class ClusterSupervisor : IAsyncDisposable
{
    private readonly EmbeddedCluster _cluster;
    private readonly ILogger _logger;
    private readonly SupervisorTimings _timings;
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;
    private volatile int _state = (int)SupervisedState.Running;

    public ClusterSupervisor(EmbeddedCluster cluster, ILogger logger, SupervisorTimings? timings = null)
    {
        _cluster = cluster;
        _logger = logger;
        _timings = timings ?? SupervisorTimings.Default;
    }

    public SupervisedState State => (SupervisedState)_state;

    /// <summary>Why the last attempt to start the server again failed; null when none failed.</summary>
    public string? LastError { get; private set; }

    /// <summary>How many times the server was started again.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Called when the server was found dead and again once it answers: a place to clear the pools of
    /// <see cref="NpgsqlDataSource"/>s, which <see cref="NpgsqlConnection.ClearAllPools"/> does not reach.
    /// </summary>
    public event Action? PoolsToClear;

    /// <summary>Starts watching the server started (or adopted) by the cluster.</summary>
    public void Start()
    {
        if (_cluster.PostmasterPid is not { } pid) throw new InvalidOperationException("The embedded PostgreSQL server is not running");
        _watching = Task.Run(() => WatchAsync(pid, _stop.Token));
    }

    private async Task WatchAsync(int pid, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_timings.PollInterval, stop);
                if (ProcessLiveness.IsPostgres(pid)) continue;

                _state = (int)SupervisedState.Restarting;
                _logger.LogWarning(
                    "The embedded PostgreSQL server (pid {Pid}, port {Port}) stopped unexpectedly; starting it again on the same port and data folder",
                    pid, _cluster.Port);
                ClearPools();
                if (await RestartAsync(stop) is not { } restarted) return;
                pid = restarted;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped on purpose: the app stops the server itself.
        }
    }

    /// <summary>The new postmaster's pid; null after giving up.</summary>
    private async Task<int?> RestartAsync(CancellationToken stop)
    {
        for (var attempt = 1; attempt <= _timings.MaxAttempts; attempt++)
        {
            await Task.Delay(_timings.BackoffBefore(attempt), stop);
            try
            {
                await _cluster.RestartAsync(stop);
                if (_cluster.PostmasterPid is not { } pid) throw new PostgresSetupException("the server exited right after it started");
                ClearPools();
                Restarts++;
                LastError = null;
                _state = (int)SupervisedState.Running;
                _logger.LogInformation("The embedded PostgreSQL server answers again on port {Port} (pid {Pid}, attempt {Attempt})", _cluster.Port, pid, attempt);
                return pid;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                LastError = ex.GetBaseException().Message;
                _logger.LogInformation("Attempt {Attempt} of {Attempts} to start the embedded PostgreSQL server again failed: {Reason}",
                    attempt, _timings.MaxAttempts, LastError);
            }
        }
        _state = (int)SupervisedState.GaveUp;
        _logger.LogError(
            "Gave up starting the embedded PostgreSQL server again after {Attempts} attempts (last: {Reason}); the event store stays unavailable " +
            "until the app is restarted. The server's own log is {Log}",
            _timings.MaxAttempts, LastError, _cluster.LogFile);
        return null;
    }

    private void ClearPools()
    {
        NpgsqlConnection.ClearAllPools();
        PoolsToClear?.Invoke();
    }

    /// <summary>Stops watching (before the server is stopped on purpose), waiting for an attempt under way to end.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _watching;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
