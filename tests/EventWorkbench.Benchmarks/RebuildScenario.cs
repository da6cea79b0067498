using System.Diagnostics;
using System.Text.Json;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>rebuild N</c>: a rebuild of the inline <see cref="ProposalReview"/> projection over N synthetic events through the
/// product's own rebuild path (<see cref="ProjectionRebuilds"/>, what the projections page and API start), against a raw
/// sequential read of the same events in the same run: Npgsql over <c>mt_events</c> in <c>seq_id</c> order, each row's
/// data deserialised into its event type by the store's serializer and made an <see cref="IEvent"/>, as Marten's loader does. Rated in events per second.
/// </summary>
public static class RebuildScenario
{
    private const double TargetRatio = 0.5;
    private const double TargetEventsPerSecond = 20_000;

    public static async Task<int> RunAsync(long events)
    {
        var cluster = await TestCluster.GetAsync();
        CpuSnapshot.PostmasterPid = int.Parse(File.ReadLines(Path.Combine(cluster.ClusterDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        var database = await TestCluster.CreateDatabaseAsync("bench_rebuild");
        using var store = TestStores.For(database);
        AnsiConsole.MarkupLine($"[bold]rebuild[/]: seeding {events:N0} events (synthetic streams, bulk append)");
        var seeded = await new SyntheticSeeder(store).WriteAsync(events);
        AnsiConsole.MarkupLine($"  {seeded.Streams:N0} streams in {seeded.Elapsed.TotalSeconds:N0} s");
        await Quiesce.AfterAsync(database);
        var stored = await CountEventsAsync(database);

        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        await RawReadAsync(store, dataSource); // warms the cache and the serializer, as the paths after it find them
        var raw = await RawReadAsync(store, dataSource);
        AnsiConsole.MarkupLine($"  raw read and deserialise: {raw.Events:N0} events in {raw.Elapsed.TotalSeconds:N2} s");

        if (Environment.GetEnvironmentVariable("BENCH_NO_TRGM") == "1") // what the reviews' trigram indexes cost the rebuild
            foreach (var index in EventSearchIndexes.ProposalTextIndexes)
                await ExecuteAsync(database, $"drop index {EventStoreConfiguration.Schema}.{index}");
        var name = RegisteredProjections.All(store).First(p => p.GetType() == typeof(ProposalReviewProjection)).Name;
        await using var rebuilds = new ProjectionRebuilds(store, new RebuildLog(store), Loggers()) { ShardTimeout = TimeSpan.FromHours(2) };
        if (Environment.GetEnvironmentVariable("BENCH_LOG") == "1")
            rebuilds.Changed += p => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} progress {p.Done}/{p.Total} {p.State}");
        await using var sampler = Environment.GetEnvironmentVariable("BENCH_PG_SAMPLE") == "1" ? PostgresActivitySampler.Start(database.AdminConnectionString) : null;
        var cpu = CpuSnapshot.Take();
        var clock = Stopwatch.StartNew();
        var start = await rebuilds.StartAsync(name, "benchmark");
        if (start is not RebuildStart.Started) throw new InvalidOperationException($"The rebuild of {name} did not start: {start}");
        var job = await rebuilds.WaitAsync(name);
        var rebuilding = clock.Elapsed;
        var rebuildCpu = CpuSnapshot.Take() - cpu;
        if (sampler is not null)
        {
            AnsiConsole.MarkupLine("  PostgreSQL during the rebuild (samples every 10 ms, statement):");
            foreach (var (statement, samples) in await sampler.StopAsync()) AnsiConsole.WriteLine($"    {samples,6} {statement}");
        }
        if (job is not { State: RebuildState.Done }) throw new InvalidOperationException($"The rebuild of {name} ended {job?.State}: {job?.Error}");
        var reviews = await CountAsync(database, $"select count(*) from {EventStoreConfiguration.Schema}.mt_doc_proposalreview");
        AnsiConsole.MarkupLine($"  rebuild of {name}: {job.EventsRead:N0} events read, {reviews:N0} reviews written in {rebuilding.TotalSeconds:N2} s " +
            $"(CPU: .NET {rebuildCpu.App.TotalSeconds:N1} s, PostgreSQL {rebuildCpu.Postgres.TotalSeconds:N1} s, whole machine {rebuildCpu.Machine.TotalSeconds:N1} s)");
        if (Environment.GetEnvironmentVariable("BENCH_MARTEN_REBUILD") == "1")
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            cpu = CpuSnapshot.Take();
            clock.Restart();
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromHours(2), CancellationToken.None);
            var marten = CpuSnapshot.Take() - cpu;
            AnsiConsole.MarkupLine($"  Marten's own RebuildProjectionAsync: {clock.Elapsed.TotalSeconds:N2} s (CPU: .NET {marten.App.TotalSeconds:N1} s, PostgreSQL {marten.Postgres.TotalSeconds:N1} s)");
        }

        var rebuildRate = stored / rebuilding.TotalSeconds;
        var rawRate = raw.Events / raw.Elapsed.TotalSeconds;
        var table = new Table().AddColumns("path", "events/s", "seconds");
        table.AddRow($"rebuild {name} (ProjectionRebuilds, {reviews:N0} documents)", $"{rebuildRate:N0}", $"{rebuilding.TotalSeconds:N2}");
        table.AddRow("raw: read in seq_id order and deserialise every event", $"{rawRate:N0}", $"{raw.Elapsed.TotalSeconds:N2}");
        AnsiConsole.Write(table);
        var ratio = rebuildRate / rawRate;
        AnsiConsole.MarkupLine($"rebuild / raw = [bold]{ratio:N2}[/] (target >= {TargetRatio}: {Verdict(ratio >= TargetRatio)}); " +
            $"rebuild {rebuildRate:N0} events/s (target >= {TargetEventsPerSecond:N0} at 1,000,000: {Verdict(rebuildRate >= TargetEventsPerSecond)})");
        AnsiConsole.MarkupLine($"Process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MiB");
        return 0;
    }

    private static Microsoft.Extensions.Logging.ILoggerFactory? Loggers() =>
        Environment.GetEnvironmentVariable("BENCH_LOG") == "1"
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug))
            : null;

    private static string Verdict(bool met) => met ? "[green]met[/]" : "[red]missed[/]";

    /// <summary>Every event in sequence order, its data read into its .NET type by Marten's serializer.</summary>
    private static async Task<(long Events, TimeSpan Elapsed)> RawReadAsync(IDocumentStore store, NpgsqlDataSource dataSource)
    {
        var serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        var types = EventCatalogue.All.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand($"select seq_id, type, data from {EventStoreConfiguration.Schema}.mt_events order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        long events = 0;
        while (await reader.ReadAsync())
        {
            var type = types.GetValueOrDefault(reader.GetString(1), typeof(JsonElement));
            var e = registry.BuildEvent(serializer.FromJson(type, reader, 2));
            e.Sequence = reader.GetInt64(0);
            events++;
        }
        return (events, clock.Elapsed);
    }

    private static Task<long> CountEventsAsync(TestDatabase database) =>
        CountAsync(database, $"select count(*) from {EventStoreConfiguration.Schema}.mt_events");

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
