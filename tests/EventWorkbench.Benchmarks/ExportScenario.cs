using System.Diagnostics;
using System.Globalization;
using EventWorkbench.Demo;
using EventWorkbench.Export;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>export N</c>: a <c>trl-sft</c> JSON-lines export of a store of N synthetic events (every split, default filters,
/// dedup on) against <c>COPY (SELECT data FROM mt_events) TO STDOUT</c> of the same rows in the same run, the floor for
/// reading the events at all. Both are rated in events of the store per second; memory is sampled while the export
/// runs (process working set and GC heap).
/// </summary>
public static class ExportScenario
{
    private const double TargetRatio = 0.5;
    private const double TargetPeakMiB = 300;
    private const double TargetSealedRatio = 1 / 1.1;

    public static async Task<int> RunAsync(long events)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_export");
        await KeepDataInlineAsync(database);
        using var store = TestStores.For(database);
        AnsiConsole.MarkupLine($"[bold]export[/]: seeding {events:N0} events (synthetic streams, bulk append)");
        var seeded = await new SyntheticSeeder(store).WriteAsync(events);
        AnsiConsole.MarkupLine($"  {seeded.Streams:N0} streams in {seeded.Elapsed.TotalSeconds:N0} s");
        var exporter = new DatasetExporter(store);
        var asOf = await exporter.ResolveAsOfAsync(null);
        await Quiesce.AfterAsync(database);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);

        await CopyAsync(dataSource, asOf);
        var copy = await CopyAsync(dataSource, asOf);
        AnsiConsole.MarkupLine($"  COPY: {copy.Bytes / 1024.0 / 1024:N0} M characters in {copy.Elapsed.TotalSeconds:N2} s");

        var query = await QueryOnlyAsync(dataSource, asOf);
        AnsiConsole.MarkupLine($"  the exporter's query alone (review events by stream and version, data as text): {query.TotalSeconds:N2} s");
        var read = await ReadOnlyAsync(store, asOf);
        AnsiConsole.MarkupLine($"  reading the pinned review events alone (query and deserialising, no fold, no rows): {read.TotalSeconds:N2} s");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var sampler = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var manifest = await exporter.WriteAsync(new ExportRequest { Format = ExportFormat.TrlSft, AsOf = asOf }, Stream.Null, Stream.Null);
        var exported = clock.Elapsed;
        var (peakWorkingSet, peakHeap) = await sampler.StopAsync();
        AnsiConsole.MarkupLine($"  export: {manifest.Rows.Total:N0} rows, {manifest.Files[0].Bytes / 1024.0 / 1024:N0} MiB in {exported.TotalSeconds:N2} s");

        var copyRate = events / copy.Elapsed.TotalSeconds;
        var exportRate = events / exported.TotalSeconds;
        var table = new Table().AddColumns("path", "events/s", "seconds", "bytes out");
        table.AddRow("export trl-sft jsonl", $"{exportRate:N0}", $"{exported.TotalSeconds:N2}", $"{manifest.Files[0].Bytes / 1024.0 / 1024:N0} MiB");
        table.AddRow("  of which reading and deserialising the events", $"{events / read.TotalSeconds:N0}", $"{read.TotalSeconds:N2}", "");
        table.AddRow("    of which the query alone", $"{events / query.TotalSeconds:N0}", $"{query.TotalSeconds:N2}", "");
        table.AddRow("COPY (SELECT data ...) TO STDOUT", $"{copyRate:N0}", $"{copy.Elapsed.TotalSeconds:N2}", $"{copy.Bytes / 1024.0 / 1024:N0} M chars");
        AnsiConsole.Write(table);
        var ratio = exportRate / copyRate;
        var peakMiB = peakWorkingSet / 1024.0 / 1024;
        AnsiConsole.MarkupLine($"export / COPY = [bold]{ratio:N2}[/] (target >= {TargetRatio}: {(ratio >= TargetRatio ? "[green]met[/]" : "[red]missed[/]")})");
        AnsiConsole.MarkupLine($"peak during the export: working set [bold]{peakMiB:N0} MiB[/] (before {before / 1024.0 / 1024:N0} MiB), " +
            $"GC heap {peakHeap / 1024.0 / 1024:N0} MiB (target under {TargetPeakMiB} MiB: {(peakMiB < TargetPeakMiB ? "[green]met[/]" : "[red]missed[/]")})");
        await CompareWithPlainAsync(store, dataSource, asOf, events);
        return 0;
    }

    /// <summary>
    /// What opening sealed personal fields costs the export: the same synthetic events stored without sealing (no subject
    /// keys), exported the same way in the same run. Both exports run <see cref="Rounds"/> times, taking turns (which goes
    /// first changes each round) so that warm-up, garbage left by the one before and the machine's moods fall on both
    /// alike; the target is judged on the median of each round's ratio, beside the ratio of the medians; the reads alone
    /// (query and deserialising, where the opening happens) are compared too. The review queue reads its documents, which hold plain
    /// text, so sealing costs it nothing.
    /// </summary>
    private static async Task CompareWithPlainAsync(Marten.DocumentStore sealedStore, NpgsqlDataSource sealedData, long sealedAsOf, long events)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_export_plain");
        await KeepDataInlineAsync(database);
        using var plainStore = TestStores.For(database);
        AnsiConsole.MarkupLine($"  seeding the same {events:N0} events without sealing their personal fields");
        await new SyntheticSeeder(plainStore) { SealsPersonalData = false }.WriteAsync(events);
        var plainAsOf = await new DatasetExporter(plainStore).ResolveAsOfAsync(null);
        await Quiesce.AfterAsync(database);
        await using var plainData = NpgsqlDataSource.Create(database.AppConnectionString);

        var times = new Dictionary<string, List<TimeSpan>>
        {
            ["sealed export"] = [], ["plain export"] = [], ["sealed read"] = [], ["plain read"] = [], ["sealed query"] = [], ["plain query"] = [],
        };
        for (var round = 0; round < Rounds; round++)
        {
            var plainFirst = round % 2 == 1;
            async Task TakeTurnsAsync(string what, Func<Task<TimeSpan>> onSealed, Func<Task<TimeSpan>> onPlain)
            {
                if (plainFirst) times[$"plain {what}"].Add(await onPlain());
                times[$"sealed {what}"].Add(await onSealed());
                if (!plainFirst) times[$"plain {what}"].Add(await onPlain());
            }
            await TakeTurnsAsync("query", () => QueryOnlyAsync(sealedData, sealedAsOf), () => QueryOnlyAsync(plainData, plainAsOf));
            await TakeTurnsAsync("read", () => ReadOnlyAsync(sealedStore, sealedAsOf), () => ReadOnlyAsync(plainStore, plainAsOf));
            await TakeTurnsAsync("export", () => ExportAsync(sealedStore, sealedAsOf), () => ExportAsync(plainStore, plainAsOf));
        }
        AnsiConsole.MarkupLine($"  the events table (of which TOAST): sealed {await EventsTableAsync(sealedData)}, plain {await EventsTableAsync(plainData)} " +
            "(PostgreSQL compresses rows past 2 kB, which does not shrink ciphertext; base64 adds a third)");
        AnsiConsole.MarkupLine($"  sealed events: {await EnvelopeFormatsAsync(sealedData)}");
        TimeSpan Median(string what) => times[what].Order().ElementAt(Rounds / 2);
        foreach (var what in times.Keys)
            AnsiConsole.MarkupLine($"  {what}: median {Median(what).TotalSeconds:N2} s of {string.Join(", ", times[what].Select(t => t.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)))}");
        AnsiConsole.MarkupLine($"  sealed / plain time: the query alone {Median("sealed query") / Median("plain query"):N2}, reading alone {Median("sealed read") / Median("plain read"):N2}");
        var roundRatios = times["plain export"].Zip(times["sealed export"], (plain, sealedTime) => plain / sealedTime).ToList();
        var ratio = roundRatios.Order().ElementAt(Rounds / 2);
        AnsiConsole.MarkupLine($"  each round's sealed / plain export speed: {string.Join(", ", roundRatios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))}; " +
            $"ratio of the medians {Median("plain export") / Median("sealed export"):N2}");
        AnsiConsole.MarkupLine($"sealed / plain export speed = [bold]{ratio:N2}[/], the median round (opening sealed fields slows the export at most 10%: " +
            $"target >= {TargetSealedRatio:N2}: {(ratio >= TargetSealedRatio ? "[green]met[/]" : "[red]missed[/]")})");
    }

    private const int Rounds = 7;

    /// <summary><c>BENCH_STORAGE_MAIN=1</c>: events' data kept in their rows up to a page (compressed when it can be) rather than moved to TOAST past 2 kB.</summary>
    private static async Task KeepDataInlineAsync(TestDatabase database)
    {
        if (Environment.GetEnvironmentVariable("BENCH_STORAGE_MAIN") != "1") return;
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER TABLE {EventStoreConfiguration.Schema}.mt_events ALTER COLUMN data SET STORAGE MAIN", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> EventsTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT pg_table_size(c.oid), coalesce(pg_table_size(nullif(c.reltoastrelid, 0)), 0) FROM pg_class c WHERE c.oid = '{EventStoreConfiguration.Schema}.mt_events'::regclass");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetInt64(0) / 1024.0 / 1024:N0} MiB ({reader.GetInt64(1) / 1024.0 / 1024:N0} MiB)";
    }

    /// <summary>How many events hold sealed fields, by format (whether an envelope is compressed is sealed too).</summary>
    private static async Task<string> EnvelopeFormatsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT substring(data::text FROM '\"ew-sealed:([0-9]):') AS format, count(*) FROM {EventStoreConfiguration.Schema}.mt_events WHERE data::text LIKE '%\"ew-sealed:%' GROUP BY 1 ORDER BY 1");
        var formats = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) formats.Add($"{reader.GetInt64(1):N0} in format {reader.GetString(0)}");
        return formats.Count == 0 ? "none" : string.Join(", ", formats);
    }

    private static async Task<TimeSpan> ExportAsync(Marten.DocumentStore store, long asOf)
    {
        var clock = Stopwatch.StartNew();
        await new DatasetExporter(store).WriteAsync(new ExportRequest { Format = ExportFormat.TrlSft, AsOf = asOf }, Stream.Null, Stream.Null);
        return clock.Elapsed;
    }

    /// <summary>The exporter's query alone: the same rows in the same order, <c>data</c> read as text and dropped.</summary>
    private static async Task<TimeSpan> QueryOnlyAsync(NpgsqlDataSource dataSource, long asOf)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(
            $"""
            select seq_id, stream_id, version, type, timestamp, data from {EventStoreConfiguration.Schema}.mt_events
            where seq_id <= $1 and type = any($2) and is_archived = false order by stream_id, version
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = asOf });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = PinnedReviews.TypeNames });
        await using var reader = await command.ExecuteReaderAsync();
        long characters = 0;
        while (await reader.ReadAsync()) characters += reader.GetString(5).Length;
        return clock.Elapsed;
    }

    /// <summary>The exporter's read alone: the review events up to <paramref name="asOf"/>, stream by stream, deserialised as the exporter reads them.</summary>
    private static async Task<TimeSpan> ReadOnlyAsync(Marten.DocumentStore store, long asOf)
    {
        var clock = Stopwatch.StartNew();
        await foreach (var _ in PinnedEvents.ByStreamAsync(store, asOf, EventWorkbench.Review.ProposalEventGrouper.RelevantTypes)) { }
        return clock.Elapsed;
    }

    /// <summary>The floor: every event's data up to <paramref name="asOf"/>, as PostgreSQL's COPY writes it, read and counted.</summary>
    private static async Task<(TimeSpan Elapsed, long Bytes)> CopyAsync(NpgsqlDataSource dataSource, long asOf)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        using var copy = await connection.BeginTextExportAsync(
            $"COPY (SELECT data FROM {EventStoreConfiguration.Schema}.mt_events WHERE seq_id <= {asOf} ORDER BY seq_id) TO STDOUT");
        var buffer = new char[64 * 1024];
        long bytes = 0;
        int read;
        while ((read = await copy.ReadAsync(buffer)) > 0) bytes += read;
        return (clock.Elapsed, bytes);
    }

    /// <summary>Samples the process working set and the GC heap every 20 ms until stopped, keeping the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(long, long)> _sampling;

        public MemorySampler() => _sampling = Task.Run(SampleAsync);

        public async Task<(long PeakWorkingSet, long PeakHeap)> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public void Dispose() => _stop.Dispose();

        private async Task<(long, long)> SampleAsync()
        {
            long peakWorkingSet = 0, peakHeap = 0;
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                try { await Task.Delay(20, _stop.Token); }
                catch (OperationCanceledException) { }
            }
            return (peakWorkingSet, peakHeap);
        }
    }
}
