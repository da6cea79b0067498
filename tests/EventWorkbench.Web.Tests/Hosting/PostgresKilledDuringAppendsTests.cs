using System.Diagnostics;
using System.Net;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// The app on its own embedded PostgreSQL (the default set-up, supervised), in process on real Kestrel: the
/// postmaster is killed with SIGKILL while writers append over HTTP. Sizes: <see cref="CrashTestSizes"/>.
/// </summary>
public sealed class PostgresKilledDuringAppendsTests : IAsyncLifetime
{
    private const string Key = "crash-writer-secret";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eventworkbench-tests", $"pg-killed-{Guid.NewGuid():N}");
    private readonly CapturedLogs _logs = new();
    private WebApplication _app = null!;
    private Uri _address = null!;

    private string PostmasterPidFile => Path.Combine(_folder, "cluster", "postmaster.pid");

    public async Task InitializeAsync()
    {
        _app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EmbeddedPostgres:DataDirectory"] = _folder, // durable (not ephemeral): an acknowledged commit survives a crash
                ["Demo:Seed"] = "false",
                ["Api:Keys:writer:Secret"] = Key,
                ["Api:Keys:writer:Scopes:0"] = "admin",
                ["Accounts:Admin:UserName"] = "crash-admin",
                ["Accounts:Admin:Password"] = "crash admin password",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(_logs);
        });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    [Fact]
    public async Task Killed_during_appends_the_server_comes_back_by_itself_every_acknowledged_event_is_stored_and_the_projections_equal_a_rebuild()
    {
        using var client = new HttpClient { BaseAddress = _address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        var run = Guid.NewGuid().ToString("N")[..8];
        var writers = Enumerable.Range(0, CrashTestSizes.Writers).Select(i => new RetryingWriter($"pg-killed-{run}-{i}", CrashTestSizes.Batches)).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var appending = Task.WhenAll(writers.Select(w => Task.Run(() => w.RunAsync(() => client, stop.Token))));
        var totalBatches = writers.Count * CrashTestSizes.Batches;

        var sawRestarting = false;
        for (var kill = 1; kill <= CrashTestSizes.Kills; kill++)
        {
            // Spread the kills over the run: kill n once n/(kills+1) of the batches are acknowledged.
            await WaitUntilAsync(() => writers.Sum(w => w.AcknowledgedBatches) * (CrashTestSizes.Kills + 1) >= totalBatches * kill || appending.IsCompleted);
            var postmaster = int.Parse(File.ReadLines(PostmasterPidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
            KillHard(postmaster);
            sawRestarting |= await HealthSaysRestartingAsync(client);
            await WaitUntilAsync(() => PostmasterRuns(out var pid) && pid != postmaster);
        }
        await appending.WaitAsync(stop.Token);

        sawRestarting.ShouldBeTrue("/health did not show the event store down while the server was started again");
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        writers.SelectMany(w => w.Unexpected).ShouldBeEmpty();
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("stopped unexpectedly", StringComparison.Ordinal)).ToList();
        warnings.Count.ShouldBe(CrashTestSizes.Kills, string.Join('\n', _logs.Entries));
        // Marten and the health checks log their failures during the outage; the supervisor must not have given up.
        _logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error && e.Category == typeof(Web.Hosting.EventStoreConnections).FullName);

        var admin = _app.Services.GetRequiredService<Web.Hosting.EventStoreConnections>().Admin;
        foreach (var writer in writers)
        {
            var stored = await StoredEventsAsync(admin, writer.StreamId);
            stored.Select(e => e.Id).ShouldBe(writer.AcknowledgedIds, $"stream {writer.StreamId}");
            stored.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stored.Count).Select(v => (long)v));
        }

        var inline = await ProjectionDocumentsAsync(admin);
        await RebuildAsync(admin);
        var rebuilt = await ProjectionDocumentsAsync(admin);
        inline.Count.ShouldBe(writers.Count * (1 + CrashTestSizes.Batches)); // one summary per stream, one review per proposal
        rebuilt.ShouldBe(inline);
    }

    /// <summary>Polls /health quickly after the kill: true once it answered 503 with the event store unhealthy.</summary>
    private static async Task<bool> HealthSaysRestartingAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
            if (health.StatusCode == HttpStatusCode.ServiceUnavailable && health.Headers.RetryAfter is not null)
            {
                var report = await health.ReadObjectAsync();
                if (report["checks"]!["event-store"]!["status"]!.ToString() == "Unhealthy") return true;
            }
            await Task.Delay(20);
        }
        return false;
    }

    private bool PostmasterRuns(out int pid)
    {
        pid = 0;
        try
        {
            if (!int.TryParse(File.ReadLines(PostmasterPidFile).First(), out pid)) return false;
        }
        catch (IOException)
        {
            return false;
        }
        return StartedApp.IsRunning(pid);
    }

    private static void KillHard(int pid)
    {
        using var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0);
    }

    private static async Task<List<(string Id, long Version)>> StoredEventsAsync(string connectionString, string streamId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select id::text, version from {EventStoreConfiguration.Schema}.mt_events where stream_id = @stream order by version", connection);
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, long)>();
        while (await reader.ReadAsync()) events.Add((reader.GetString(0), reader.GetInt64(1)));
        return events;
    }

    /// <summary>Every summary and review document, as PostgreSQL stores it (jsonb text), ordered by id.</summary>
    private static async Task<List<string>> ProjectionDocumentsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            // Every field of every document. Marten's mt_tombstone stream (appends cut off by the kill can leave
            // tombstone events there, see the README) gets no summary, inline or rebuilt.
            $"select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_interactionsummary " +
            $"union all select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_proposalreview order by 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new List<string>();
        while (await reader.ReadAsync()) documents.Add(reader.GetString(0));
        return documents;
    }

    // Marten's projection rebuild through the daemon, one daemon per projection (a second rebuild on one daemon wrote nothing).
    private static async Task RebuildAsync(string connectionString)
    {
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            EventStoreConfiguration.Configure(options);
            options.AutoCreateSchemaObjects = AutoCreate.None;
        });
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<InteractionSummaryProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Not so within 2 minutes");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (PostmasterRuns(out var pid)) KillHard(pid); // a failed test may leave it; its data is thrown away next
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
