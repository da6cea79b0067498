using System.Diagnostics;
using EventWorkbench.Demo;
using EventWorkbench.Review;
using EventWorkbench.Search;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>history-search N</c>: event search's first page over N synthetic events (a text query, and a type plus time filter)
/// and the text searches of the review queue and the stream list, each with its indexes and then, in the same run, with
/// the trigram indexes dropped (what the same queries cost reading every row).
/// </summary>
public static class SearchScenario
{
    private const int Runs = 20;
    private const int ScanRuns = 3; // reading every row takes seconds at a million events
    private const double TargetMilliseconds = 300;

    public static async Task<int> RunAsync(long events)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_search");
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store);
        AnsiConsole.MarkupLine($"[bold]history-search[/]: seeding {events:N0} synthetic events (bulk append, trigram and btree indexes in place)");
        var seeding = Stopwatch.StartNew();
        await seeder.WriteAsync(events);
        await seeder.RebuildSummariesAsync();
        await Quiesce.AfterAsync(database); // so no autovacuum of the fresh rows runs beside the timings
        AnsiConsole.MarkupLine($"  seeded and rebuilt in {seeding.Elapsed.TotalSeconds:N0} s; {await SizeAsync(database)}");

        var search = new EventSearch(store);
        var queries = new ProposalQueries(store);
        var newest = await NewestTimestampAsync(database);
        var text = new EventSearchFilter { Text = "refund" };
        var rareText = new EventSearchFilter { Text = "zqxj-never-there" };
        var typeAndTime = new EventSearchFilter { Types = ["proposal_edited"], From = newest.AddDays(-14), To = newest.AddDays(-7) };
        var queueText = new ProposalFilter { Text = "refund" };
        var streams = new StreamQueries(store);
        var streamText = new StreamFilter(Text: "refund");

        var table = new Table().AddColumns("path", "indexed median ms", "p95", "scan median ms", "p95", "scan / indexed");
        var rows = new List<(string Name, (double Median, double P95) Indexed, Func<Task<int>> Run)>
        {
            ("event search: text \"refund\", first page", default, async () => (await search.SearchAsync(text)).Hits.Count),
            ("event search: text that matches nothing", default, async () => (await search.SearchAsync(rareText)).Hits.Count),
            ("event search: proposal_edited in one week", default, async () => (await search.SearchAsync(typeAndTime)).Hits.Count),
            ("review queue: text \"refund\", page + counts", default, async () => (await queries.ListAsync(queueText)).Items.Count),
            ("stream list: text \"refund\", page + total", default, async () => (await streams.ListAsync(streamText)).Items.Count),
        };
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { Indexed = await TimeAsync(rows[i].Run, Runs) };
            AnsiConsole.MarkupLine($"  {rows[i].Name}: median {rows[i].Indexed.Median:N1} ms, p95 {rows[i].Indexed.P95:N1} ms");
        }

        AnsiConsole.MarkupLine("  dropping the trigram indexes for the baseline");
        await AdminAsync(database, $"DROP INDEX {EventStoreConfiguration.Schema}.{EventSearchIndexes.EventTextIndex}; " +
            string.Join(" ", EventSearchIndexes.ProposalTextIndexes.Concat(EventSearchIndexes.StreamTextIndexes).Select(name => $"DROP INDEX {EventStoreConfiguration.Schema}.{name};")) + " ANALYZE");
        foreach (var (name, indexed, run) in rows)
        {
            var scan = await TimeAsync(run, ScanRuns);
            AnsiConsole.MarkupLine($"  {name}, without the trigram indexes: median {scan.Median:N1} ms");
            table.AddRow(name, $"{indexed.Median:N1}", $"{indexed.P95:N1}", $"{scan.Median:N1}", $"{scan.P95:N1}", $"{scan.Median / indexed.Median:N1}");
        }
        AnsiConsole.Write(table);
        var worst = rows.Take(3).Max(row => row.Indexed.Median);
        AnsiConsole.MarkupLine($"slowest first search page {worst:N1} ms; target under {TargetMilliseconds} ms: {(worst < TargetMilliseconds ? "[green]met[/]" : "[red]missed[/]")}");
        return 0;
    }

    private static async Task AdminAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<DateTimeOffset> NewestTimestampAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT max(timestamp) FROM {EventStoreConfiguration.Schema}.mt_events", connection);
        var newest = (DateTime)(await command.ExecuteScalarAsync())!;
        return new DateTimeOffset(DateTime.SpecifyKind(newest, DateTimeKind.Utc));
    }

    private static async Task<string> SizeAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT pg_size_pretty(pg_table_size('{EventStoreConfiguration.Schema}.mt_events')),
                   pg_size_pretty(pg_relation_size('{EventStoreConfiguration.Schema}.{EventSearchIndexes.EventTextIndex}'))
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"events table {reader.GetString(0)}, its text index {reader.GetString(1)}";
    }

    private static async Task<(double Median, double P95)> TimeAsync(Func<Task<int>> run, int runs)
    {
        await run();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[runs / 2], times[(int)(runs * 0.95)]);
    }
}
