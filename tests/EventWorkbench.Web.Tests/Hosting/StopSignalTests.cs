using System.Text.RegularExpressions;
using EventWorkbench.EmbeddedPostgres;

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
    public async Task Started_as_run_sh_starts_it_the_app_names_its_database_and_a_stop_signal_stops_both(string signal)
    {
        using var app = new StartedApp(folder.Path);
        await app.StartAsync();
        StartedApp.Listens(app.PostgresPort).ShouldBeTrue();

        await app.SignalAsync(signal);

        await ShouldHaveStoppedWithItsPostgresAsync(app);
        app.Output.ShouldMatch(
            $@"Embedded PostgreSQL \d+\.\d+ from {Regex.Escape(PostgresBinaries.Find())}, data in {Regex.Escape(folder.Path)}, port {app.PostgresPort}\b");
        app.Output.ShouldContain("Now listening on: http://127.0.0.1:");
        app.Output.ShouldNotContain("warn:", Case.Sensitive, app.Output);
    }

    [Fact]
    public async Task Ctrl_C_while_the_demo_data_is_seeded_is_an_ordinary_stop()
    {
        // A folder of its own: seeding stopped part way leaves a sequence gap (a rolled-back append), and the daemon of
        // the next app on that store would skip it with a warning that the other tests here rightly refuse.
        using var ownFolder = new StopSignalFolder();
        using var app = new StartedApp(ownFolder.Path);
        await app.StartAsync(seedDemo: true);

        await app.SignalAsync("INT");

        await ShouldHaveStoppedWithItsPostgresAsync(app);
    }

    private static async Task ShouldHaveStoppedWithItsPostgresAsync(StartedApp app)
    {
        (await app.ExitCodeAsync(StopTimeout)).ShouldBe(0, app.Output);
        StartedApp.IsRunning(app.Pid).ShouldBeFalse();
        File.Exists(app.PostmasterPidFile).ShouldBeFalse(app.Output);
        StartedApp.Listens(app.PostgresPort).ShouldBeFalse();
        app.Output.ShouldContain($"Stopped the embedded PostgreSQL on port {app.PostgresPort}");
        foreach (var noise in new[] { "Searching '", "Detected reserved", "fail:", "Exception" })
            app.Output.ShouldNotContain(noise, Case.Sensitive, app.Output);
    }
}
