using EventWorkbench.Storage;
using EventWorkbench.EmbeddedPostgres;
using Npgsql;

namespace EventWorkbench.Testing;

/// <summary>
/// One private PostgreSQL cluster per test run, started by the app's own launcher, and a fresh database
/// per test class cloned from a migrated template (CREATE DATABASE ... TEMPLATE is quick). Tests never
/// wipe tables: the append-only triggers would (rightly) refuse.
/// </summary>
public static class TestCluster
{
    private const string TemplateDatabase = "ew_template";
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task<EmbeddedCluster>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    public static Task<EmbeddedCluster> GetAsync() => Server.Value;

    /// <summary>A new, migrated database; the app connects to it as the append-only role.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var server = await Server.Value;
        var name = $"ew_{Sanitize(purpose)}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await CreateLock.WaitAsync(); // the template may have only one user while it is copied
        try
        {
            await ExecuteAsync(server.AdminConnectionStringFor("postgres"), $"CREATE DATABASE \"{name}\" TEMPLATE {TemplateDatabase}");
        }
        finally
        {
            CreateLock.Release();
        }
        return new TestDatabase(name, Patient(server.AdminConnectionStringFor(name)), Patient(server.AppConnectionStringFor(name)));
    }

    /// <summary>
    /// A new database whose own collation is ICU's root locale rather than the cluster's <c>C</c>, as on many managed
    /// servers, migrated from scratch (a template cannot be copied into another collation).
    /// </summary>
    public static async Task<TestDatabase> CreateIcuCollatedDatabaseAsync(string purpose)
    {
        var server = await Server.Value;
        var name = $"ew_{Sanitize(purpose)}_icu_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync(server.AdminConnectionStringFor("postgres"),
            $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'und'");
        var database = new TestDatabase(name, Patient(server.AdminConnectionStringFor(name)), Patient(server.AppConnectionStringFor(name)));
        await EventStoreConfiguration.MigrateAsync(database.AdminConnectionString, database.AppConnectionString);
        return database;
    }

    // The test assemblies' clients and app processes share this server on two cores: under that load a new connection
    // was once not accepted within Npgsql's default 15 s.
    private static string Patient(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 60 }.ConnectionString;

    private static async Task<EmbeddedCluster> StartAsync()
    {
        var parent = Path.Combine(Path.GetTempPath(), "eventworkbench-tests");
        RemoveLeftovers(parent);
        var root = Path.Combine(parent, $"{AppDomain.CurrentDomain.FriendlyName}-{Environment.ProcessId}");
        var server = await EmbeddedCluster.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = root, Database = TemplateDatabase, Ephemeral = true }, Path.GetTempPath());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };

        await EventStoreConfiguration.MigrateAsync(server.AdminConnectionString, server.AppConnectionString);
        NpgsqlConnection.ClearAllPools(); // no session may stay on the template
        return server;
    }

    // Clusters of test runs that were killed before they could clean up (their process is gone).
    private static void RemoveLeftovers(string parent)
    {
        if (!Directory.Exists(parent)) return;
        foreach (var folder in Directory.GetDirectories(parent))
        {
            var pidText = folder[(folder.LastIndexOf('-') + 1)..];
            if (!int.TryParse(pidText, out var pid) || ProcessIsAlive(pid)) continue;
            if (File.Exists(Path.Combine(folder, "cluster", "postmaster.pid"))) continue; // its server may still run
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Sanitize(string purpose) =>
        new(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
}

public sealed record TestDatabase(string Name, string AdminConnectionString, string AppConnectionString);
