using Npgsql;

namespace EventWorkbench.EmbeddedPostgres.Tests;

public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eventworkbench-tests", $"embedded-{Guid.NewGuid():N}");

    private EmbeddedPostgresOptions Options => new() { DataDirectory = _folder, Database = "keep", Ephemeral = true };

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task The_cluster_keeps_its_data_across_restarts_and_listens_only_on_loopback()
    {
        var first = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        try
        {
            await ScalarAsync(first.AdminConnectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
            (await ScalarAsync(first.AdminConnectionString, "SHOW listen_addresses")).ShouldBe("127.0.0.1");
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        (await ScalarAsync(second.AdminConnectionString, "SELECT value FROM kept")).ShouldBe("still here");
        (await ScalarAsync(second.AppConnectionString, "SELECT current_user")).ShouldBe(EmbeddedCluster.AppRole);
    }

    [Fact]
    public async Task A_server_left_running_by_a_crashed_app_is_adopted()
    {
        var crashed = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath()); // never stopped: the app "crashed"

        await using var restarted = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());

        restarted.Port.ShouldBe(crashed.Port);
        (await ScalarAsync(restarted.AdminConnectionString, "SELECT 1")).ShouldBe(1);
    }

    [Fact]
    public async Task A_server_still_used_by_the_app_that_adopted_it_is_left_running_until_the_last_one_stops()
    {
        var first = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        var second = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath()); // e.g. a command next to the app

        await using (var inUse = new NpgsqlConnection(second.AppConnectionString))
        {
            await inUse.OpenAsync();
            await first.StopAsync(); // the first one's shutdown must not take the second one's database away

            await using var query = new NpgsqlCommand("SELECT 1", inUse);
            (await query.ExecuteScalarAsync()).ShouldBe(1);
        }

        await second.StopAsync();
        await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync(second.AdminConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task An_ephemeral_server_stops_once_the_process_it_serves_is_gone()
    {
        await using var server = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        using var served = System.Diagnostics.Process.Start("sleep", "300");
        server.StopWhenProcessEnds(served.Id);
        (await ScalarAsync(server.AdminConnectionString, "SELECT 1")).ShouldBe(1); // still serving while it lives

        served.Kill();
        await served.WaitForExitAsync();
        var postmasterPid = Path.Combine(server.ClusterDirectory, "postmaster.pid");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists(postmasterPid) && DateTime.UtcNow < deadline) await Task.Delay(100);

        File.Exists(postmasterPid).ShouldBeFalse();
        await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync(server.AdminConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task The_app_role_is_not_a_superuser()
    {
        await using var server = await EmbeddedCluster.StartAsync(Options, Path.GetTempPath());
        (await ScalarAsync(server.AppConnectionString, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).ShouldBe(false);
    }

    [Fact]
    public void Missing_binaries_say_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "no-binaries")).FullName;
        var error = Should.Throw<InvalidOperationException>(() => PostgresBinaries.Find(empty));
        error.Message.ShouldContain("apt-get install -y postgresql");
        error.Message.ShouldContain("ConnectionStrings:EventStore");
    }

    [Fact]
    public void The_binaries_of_this_machine_are_found()
    {
        var folder = PostgresBinaries.Find();
        File.Exists(Path.Combine(folder, "initdb")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "postgres")).ShouldBeTrue();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
