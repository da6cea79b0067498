using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.EmbeddedPostgres.Tests;

public sealed class ClusterSupervisorTests : IDisposable
{
    private static readonly SupervisorTimings Quick = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), 6);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eventworkbench-tests", $"supervised-{Guid.NewGuid():N}");
    private readonly ListLogger _log = new();

    private EmbeddedPostgresOptions Options => new() { DataDirectory = _folder, Database = "supervised", Ephemeral = true };

    [Fact]
    public async Task A_killed_server_is_started_again_on_the_same_port_with_one_warning_and_pooled_connections_work_again()
    {
        // Durable (not ephemeral): with synchronous_commit off a kill loses the last commits, the table among them.
        var durable = new EmbeddedPostgresOptions { DataDirectory = _folder, Database = "supervised" };
        await using var cluster = await EmbeddedCluster.StartAsync(durable, Path.GetTempPath());
        await using var supervisor = new ClusterSupervisor(cluster, _log, Quick);
        await using var dataSource = NpgsqlDataSource.Create(cluster.AdminConnectionString);
        var cleared = 0;
        supervisor.PoolsToClear += () => Interlocked.Increment(ref cleared);
        supervisor.PoolsToClear += dataSource.Clear; // as the app does with its data source
        supervisor.Start();
        await ScalarAsync(dataSource, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('before')");
        var port = cluster.Port;
        var killed = cluster.PostmasterPid!.Value;

        Kill(killed);
        await WaitUntilAsync(() => supervisor.Restarts == 1 && supervisor.State == SupervisedState.Running, TimeSpan.FromSeconds(60));

        cluster.Port.ShouldBe(port);
        cluster.PostmasterPid.ShouldNotBe(killed);
        (await ScalarAsync(dataSource, "SELECT value FROM kept")).ShouldBe("before");
        _log.Entries.Count(e => e.Level == LogLevel.Warning).ShouldBe(1, string.Join('\n', _log.Entries));
        _log.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains($"port {port}") && e.Message.Contains("stopped unexpectedly"));
        _log.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error);
        cleared.ShouldBe(2); // once when found dead, once when it answers again
    }

    [Fact]
    public async Task A_server_that_cannot_be_started_again_is_given_up_on_with_one_error_naming_why()
    {
        var timings = new SupervisorTimings(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 3);
        await using var cluster = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        await using var supervisor = new ClusterSupervisor(cluster, _log, timings);
        supervisor.Start();

        Kill(cluster.PostmasterPid!.Value);
        await WaitUntilAsync(() => !Listens(cluster.Port), TimeSpan.FromSeconds(10));
        using var squatter = new TcpListener(IPAddress.Loopback, cluster.Port); // the port is taken before the first attempt
        squatter.Start();
        await WaitUntilAsync(() => supervisor.State == SupervisedState.GaveUp, TimeSpan.FromSeconds(60));

        var error = _log.Entries.Where(e => e.Level == LogLevel.Error).ShouldHaveSingleItem();
        error.Message.ShouldContain("Gave up starting the embedded PostgreSQL server again after 3 attempts");
        supervisor.LastError.ShouldNotBeNullOrEmpty();
        _log.Entries.Count(e => e.Level == LogLevel.Warning).ShouldBe(1);
    }

    [Fact]
    public async Task A_server_stopped_on_purpose_is_not_started_again()
    {
        var cluster = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        var supervisor = new ClusterSupervisor(cluster, _log, Quick);
        supervisor.Start();
        var port = cluster.Port;

        await supervisor.DisposeAsync();
        await cluster.StopAsync();
        await Task.Delay(1000);

        Listens(port).ShouldBeFalse();
        _log.Entries.ShouldBeEmpty();
    }

    private static void Kill(int pid)
    {
        using var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0);
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static bool Listens(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not so within {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Keeps what was logged, to count warnings and errors.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries) return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
