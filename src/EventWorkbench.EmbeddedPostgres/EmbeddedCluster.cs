using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster started from the machine's binaries, on a free loopback port, with its data
/// in a folder of the app's. The app and the tests use this same launcher. The server owns the schema
/// (<see cref="AdminConnectionString"/>); the app connects as a role that may only append events
/// (<see cref="AppConnectionString"/>).
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    public const string Superuser = "postgres";
    public const string AppRole = "eventworkbench_app";
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(90);

    private readonly ProcessRunner _runner;
    private readonly string _pgCtl;
    private readonly ILogger _logger;
    private readonly ClusterCredentials _credentials;
    private readonly string _displayRoot;
    // Marks this instance's connections, so stopping can tell them from another app's or command's.
    private readonly string _applicationName = $"eventworkbench-{Guid.NewGuid():N}"[..26];
    private int _stopped;

    private EmbeddedCluster(EmbeddedPostgresOptions options, string root, string displayRoot, string binDirectory, ProcessRunner runner, ClusterCredentials credentials, ILogger logger)
    {
        Options = options;
        RootDirectory = root;
        _displayRoot = displayRoot;
        BinDirectory = binDirectory;
        _runner = runner;
        _pgCtl = Path.Combine(binDirectory, "pg_ctl");
        _credentials = credentials;
        _logger = logger;
    }

    public EmbeddedPostgresOptions Options { get; }
    public string RootDirectory { get; }
    public string BinDirectory { get; }
    public string ClusterDirectory => Path.Combine(RootDirectory, "cluster");
    public string LogFile => Path.Combine(RootDirectory, "server.log");
    public int Port { get; private set; }

    /// <summary>The server's version as it reports it, e.g. <c>15.14</c>.</summary>
    public string Version { get; private set; } = "";

    public string AdminConnectionString => ConnectionString(Options.Database, Superuser, _credentials.Superuser);
    public string AppConnectionString => ConnectionString(Options.Database, AppRole, _credentials.App);

    public string ConnectionString(string database, string user, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Database = database,
        Username = user,
        Password = password,
        Pooling = true,
        MaxPoolSize = 50,
        ApplicationName = _applicationName,
    }.ConnectionString;

    public string AdminConnectionStringFor(string database) => ConnectionString(database, Superuser, _credentials.Superuser);
    public string AppConnectionStringFor(string database) => ConnectionString(database, AppRole, _credentials.App);

    /// <summary>
    /// Everything but the server: the data folder, the binaries, the credentials and the port (the port of a server
    /// already running on this folder, else <see cref="EmbeddedPostgresOptions.Port"/>, else a free loopback port), so
    /// the connection strings are known before the server runs. Starts nothing and waits on nothing; then
    /// <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    public static EmbeddedCluster Prepare(EmbeddedPostgresOptions options, string contentRoot, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var root = Path.GetFullPath(options.DataDirectory, contentRoot);
        var binDirectory = PostgresBinaries.Find(options.BinDirectory);
        var runner = new ProcessRunner(ProcessRunner.IsRoot ? options.RunAsUser : null);
        Directory.CreateDirectory(root);
        var credentials = ClusterCredentials.LoadOrCreate(Path.Combine(root, "credentials.json"));

        var server = new EmbeddedCluster(options, root, DisplayPath(root, contentRoot), binDirectory, runner, credentials, logger);
        server.Port = PostmasterFile.Read(server.ClusterDirectory) is { IsRunning: true } running ? running.Port : options.Port ?? LoopbackPorts.Free();
        return server;
    }

    /// <summary><see cref="Prepare"/>, then <see cref="StartAsync(CancellationToken)"/>.</summary>
    public static async Task<EmbeddedCluster> StartAsync(
        EmbeddedPostgresOptions options, string contentRoot, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var server = Prepare(options, contentRoot, logger);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>
    /// Starts the server on <see cref="Port"/> (creating the cluster on the first start), or adopts the one already
    /// running on this data folder.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _runner.GiveOwnershipAsync(RootDirectory);
        await CheckReachableAsync();
        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"))) await InitializeAsync(cancellationToken);

        var adopted = await RunServerAsync(cancellationToken);
        if (Options.Ephemeral && !adopted && !OperatingSystem.IsWindows()) StopWhenProcessEnds(Environment.ProcessId);
        await CreateDatabaseAndRoleAsync(cancellationToken);
        _logger.LogInformation("Embedded PostgreSQL {Version} from {Bin}, data in {Data}, port {Port}{Adopted}",
            Version, BinDirectory, _displayRoot, Port, adopted ? " (it was already running, so this app shares it)" : "");
    }

    /// <summary>
    /// Starts the server again after it died, on the same port and data folder (a stale <c>postmaster.pid</c> is no
    /// obstacle: the server replaces it); adopts it when someone else already did. Throws when it does not come up.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _stopped) == 1) throw new InvalidOperationException("The embedded PostgreSQL server was stopped on purpose");
        await RunServerAsync(cancellationToken);
        await CreateDatabaseAndRoleAsync(cancellationToken);
    }

    /// <summary>The postmaster's process id, from <c>postmaster.pid</c>; null while no server runs on this folder.</summary>
    public int? PostmasterPid => PostmasterFile.Read(ClusterDirectory) is { IsRunning: true } running ? running.Pid : null;

    /// <summary>Starts the server on <see cref="Port"/>; true when one was already running there (it is adopted instead).</summary>
    private async Task<bool> RunServerAsync(CancellationToken cancellationToken)
    {
        if (await RunningPortAsync() is { } port)
        {
            // Left running by an app that did not shut down cleanly, or started by another app on this folder:
            // adopt it rather than fight over the folder.
            if (port != Port)
                throw new PostgresSetupException(
                    $"The embedded PostgreSQL server in {RootDirectory} was started on port {port} while this app prepared port {Port}; start the app again.");
            return true;
        }
        await WriteSettingsAsync();
        await _runner.RunAsync(_pgCtl, ["-D", ClusterDirectory, "-l", LogFile, "-w", "-t", "90", "start"], ServerTimeout, cancellationToken);
        return false;
    }

    /// <summary>The data folder as a person set it: relative to the app folder when it lies inside it.</summary>
    private static string DisplayPath(string root, string contentRoot)
    {
        var relative = Path.GetRelativePath(contentRoot, root);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? root : relative;
    }

    private async Task CheckReachableAsync()
    {
        if (_runner.RunAsUser is not { } user) return;
        try
        {
            await _runner.RunAsync("test", ["-w", RootDirectory], TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            throw new PostgresSetupException(
                $"The embedded PostgreSQL server runs as '{user}' (it refuses to run as root) and cannot write to {RootDirectory}. " +
                $"Give every parent folder o+x, or set EmbeddedPostgres:DataDirectory to a folder '{user}' can reach, e.g. /var/lib/eventworkbench.");
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating the embedded PostgreSQL cluster in {Folder} (first start)", ClusterDirectory);
        var passwordFile = Path.Combine(RootDirectory, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, _credentials.Superuser, cancellationToken);
        try
        {
            await _runner.GiveOwnershipAsync(passwordFile);
            await _runner.RunAsync(Path.Combine(BinDirectory, "initdb"),
            [
                "-D", ClusterDirectory, "-U", Superuser, "--pwfile", passwordFile, "-E", "UTF8", "--locale", "C",
                "--auth-local", "scram-sha-256", "--auth-host", "scram-sha-256",
                .. Options.Ephemeral ? new[] { "--no-sync" } : [],
            ], TimeSpan.FromMinutes(3), cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
        var conf = Path.Combine(ClusterDirectory, "postgresql.conf");
        await File.AppendAllTextAsync(conf, "\ninclude_if_exists = 'eventworkbench.conf'\n", cancellationToken);
    }

    private async Task WriteSettingsAsync()
    {
        var settings = new List<string>
        {
            "# Written by EventWorkbench at every start.",
            "listen_addresses = '127.0.0.1'",
            $"port = {Port}",
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = '256MB'",
        };
        if (Options.Ephemeral) settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        var file = Path.Combine(ClusterDirectory, "eventworkbench.conf");
        await File.WriteAllLinesAsync(file, settings);
        await _runner.GiveOwnershipAsync(file);
    }

    private async Task<int?> RunningPortAsync()
    {
        var pidFile = Path.Combine(ClusterDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        await ProcessLiveness.WaitWhileUnreapedAsync(ClusterDirectory, TimeSpan.FromSeconds(10));
        try
        {
            await _runner.RunAsync(_pgCtl, ["-D", ClusterDirectory, "status"], TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            return null; // a stale pid file; pg_ctl start clears it
        }
        var lines = await File.ReadAllLinesAsync(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private async Task CreateDatabaseAndRoleAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", Superuser, _credentials.Superuser));
        await connection.OpenAsync(cancellationToken);
        Version = connection.ServerVersion.Split(' ')[0];
        await using (var role = new NpgsqlCommand($"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN
                CREATE ROLE {AppRole} LOGIN;
              END IF;
            END $$;
            ALTER ROLE {AppRole} PASSWORD '{_credentials.App}';
            """, connection))
            await role.ExecuteNonQueryAsync(cancellationToken);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Options.Database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Options.Database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stops the server once the process <paramref name="processId"/> is gone, however it ended: a test host is
    /// often killed before its exit handlers finish, which left a server running per test run. A detached watchdog
    /// polls once a second; stopping a server that is already down does nothing.
    /// </summary>
    internal void StopWhenProcessEnds(int processId)
    {
        var stop = _runner.ShellCommand(_pgCtl, ["-D", ClusterDirectory, "-m", "immediate", "stop"]);
        ProcessRunner.StartDetached($"while kill -0 {processId}; do sleep 1; done; {stop}");
    }

    /// <summary>
    /// Stops the server, unless someone else still uses it: an app that adopted it (say `dotnet run -- projections`
    /// next to the running app, or a restart that overlapped this shutdown) keeps its database; the last one stops it.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        var others = await OtherClientsAsync();
        if (others is null && PostmasterPid is null) return; // already stopped (by its watchdog, say) or killed
        if (others > 0)
        {
            _logger.LogInformation("Leaving PostgreSQL on port {Port} running: {Clients} other client connection(s) still use it", Port, others);
            return;
        }
        await _runner.RunAsync(_pgCtl, ["-D", ClusterDirectory, "-m", "fast", "-w", "stop"], ServerTimeout);
        _logger.LogInformation("Stopped the embedded PostgreSQL on port {Port}", Port);
    }

    private Task<long?> OtherClientsAsync() => OtherClients.CountAsync(ConnectionString("postgres", Superuser, _credentials.Superuser), _applicationName);

    public async ValueTask DisposeAsync() => await StopAsync();
}
