using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// The built app started as run.sh starts it, killed with SIGKILL during append bursts from writers that keep
/// retrying with their idempotency keys, then started again on the same data folder. Sizes: <see cref="CrashTestSizes"/>.
/// </summary>
public sealed class AppKilledDuringAppendsTests : IDisposable
{
    private const string DevelopmentKey = "dev-only-key-change-me"; // appsettings.Development.json; start-app.sh runs in Development
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eventworkbench-tests", $"app-killed-{Guid.NewGuid():N}");
    private readonly List<StartedApp> _apps = [];
    private volatile HttpClient? _client;

    [Theory]
    [InlineData(false)] // its PostgreSQL lives on, orphaned: the restarted app adopts it
    [InlineData(true)] // its PostgreSQL was killed with it: the restarted app finds a stale postmaster.pid and starts it
    public async Task Every_acknowledged_event_is_stored_exactly_once_in_contiguous_versions_after_the_app_is_killed_and_started_again(bool postgresDiesToo)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var writers = Enumerable.Range(0, CrashTestSizes.Writers).Select(i => new RetryingWriter($"app-killed-{run}-{i}", CrashTestSizes.Batches)).ToList();
        var totalBatches = writers.Count * CrashTestSizes.Batches;
        var app = await StartAppAsync();
        var firstPort = app.PostgresPort;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var appending = Task.WhenAll(writers.Select(w => Task.Run(() => w.RunAsync(() => _client!, stop.Token))));

        for (var kill = 1; kill <= CrashTestSizes.Kills; kill++)
        {
            await WaitUntilAsync(() => writers.Sum(w => w.AcknowledgedBatches) * (CrashTestSizes.Kills + 1) >= totalBatches * kill || appending.IsCompleted,
                () => $"{writers.Sum(w => w.AcknowledgedBatches)} of {totalBatches} batches acknowledged, {writers.Sum(w => w.Retries)} retries, " +
                    $"unexpected answers: [{string.Join("; ", writers.SelectMany(w => w.Unexpected).Take(5))}]; the app's output ends:\n{Tail(app.Output)}");
            var postmaster = int.Parse(File.ReadLines(app.PostmasterPidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
            await app.SignalAsync("KILL");
            (await app.ExitCodeAsync(TimeSpan.FromSeconds(20))).ShouldBe(137);
            if (postgresDiesToo) await KillAsync(postmaster);

            // What the next start finds: a server still running, or a postmaster.pid naming a process that is gone.
            File.Exists(app.PostmasterPidFile).ShouldBeTrue();
            StartedApp.IsRunning(postmaster).ShouldBe(!postgresDiesToo);
            StartedApp.Listens(app.PostgresPort).ShouldBe(!postgresDiesToo);

            app = await StartAppAsync();
            if (postgresDiesToo)
            {
                app.Output.ShouldNotContain("it was already running");
            }
            else
            {
                app.PostgresPort.ShouldBe(firstPort);
                app.Output.ShouldContain("it was already running, so this app shares it");
            }
        }
        await appending.WaitAsync(stop.Token);

        writers.SelectMany(w => w.Unexpected).ShouldBeEmpty();
        writers.Sum(w => w.AcknowledgedBatches).ShouldBe(totalBatches);
        foreach (var writer in writers)
        {
            var stored = await _client!.GetFromJsonAsync<StoredEvents>($"/api/streams/{writer.StreamId}/events");
            stored!.Events.Select(e => e.Id).ShouldBe(writer.AcknowledgedIds, $"stream {writer.StreamId}: every acknowledged event exactly once");
            stored.Events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stored.Events.Count).Select(v => (long)v), $"stream {writer.StreamId}");
        }

        await app.SignalAsync("INT");
        (await app.ExitCodeAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, app.Output);
        File.Exists(app.PostmasterPidFile).ShouldBeFalse(app.Output);
    }

    private async Task<StartedApp> StartAppAsync()
    {
        var app = new StartedApp(_folder);
        _apps.Add(app);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentKey);
        _client = client;
        return app;
    }

    private static async Task KillAsync(int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (StartedApp.IsRunning(pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    /// <summary>Waits up to two minutes; a timeout says what <paramref name="state"/> describes, so a stall can be told from a slow machine.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not so within 2 minutes: {state()}");
            await Task.Delay(20);
        }
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    public void Dispose()
    {
        foreach (var app in _apps) app.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed record StoredEvents(List<StoredEvent> Events);

    private sealed record StoredEvent(string Id, long Version);
}
