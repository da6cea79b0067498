namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>One data folder for both signals: the first start creates the cluster, the second reuses it (quicker).</summary>
public sealed class StopSignalFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eventworkbench-tests", $"signals-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class StopSignalTests(StopSignalFolder folder) : IClassFixture<StopSignalFolder>
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_to_the_pid_run_sh_started_stops_the_app_and_its_PostgreSQL(string signal)
    {
        using var app = new StartedApp(folder.Path);
        await app.StartAsync();
        StartedApp.Listens(app.PostgresPort).ShouldBeTrue();

        await app.SignalAsync(signal);

        (await app.ExitCodeAsync(StopTimeout)).ShouldBe(0, app.Output);
        StartedApp.IsRunning(app.Pid).ShouldBeFalse();
        File.Exists(app.PostmasterPidFile).ShouldBeFalse(app.Output);
        StartedApp.Listens(app.PostgresPort).ShouldBeFalse();
        app.Output.ShouldContain($"Stopped the embedded PostgreSQL on port {app.PostgresPort}");
    }
}
