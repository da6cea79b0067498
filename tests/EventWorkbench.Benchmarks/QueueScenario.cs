using System.Diagnostics;
using EventWorkbench.Demo;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>queue N</c>: the review queue's first page (25 proposals, newest first, with the per-outcome counts) over a
/// store of at least N proposals, against the same rows read by hand-written SQL in the same run.
/// </summary>
public static class QueueScenario
{
    private const int Runs = 30;

    public static async Task<int> RunAsync(long proposals)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_queue");
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store);
        AnsiConsole.MarkupLine($"[bold]queue[/]: seeding at least {proposals:N0} proposals (synthetic streams, bulk append, projection rebuild)");
        await seeder.WriteAsync(proposals * 7);
        var rebuilt = await seeder.RebuildSummariesAsync();
        var queries = new ProposalQueries(store);
        var firstPage = new ProposalFilter { PageSize = 25 };
        var total = (await queries.ListAsync(firstPage)).TotalCount;
        AnsiConsole.MarkupLine($"  {rebuilt.Events:N0} events, {total:N0} proposals");

        var workbench = await TimeAsync(async () => (await queries.ListAsync(firstPage)).Items.Count);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var baseline = await TimeAsync(() => RawFirstPageAsync(dataSource));

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow("ProposalQueries first page + counts", $"{workbench.Median:N1}", $"{workbench.P95:N1}");
        table.AddRow("baseline: raw SQL, same rows + count", $"{baseline.Median:N1}", $"{baseline.P95:N1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"workbench / baseline = [bold]{workbench.Median / baseline.Median:N2}[/]; " +
            $"target first page under 200 ms: {(workbench.Median < 200 ? "[green]met[/]" : "[red]missed[/]")} (query only; the page render is not measured yet)");
        return 0;
    }

    private static async Task<int> RawFirstPageAsync(NpgsqlDataSource dataSource)
    {
        var table = $"{EventStoreConfiguration.Schema}.mt_doc_proposalreview";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select data from {table} order by data ->> 'generatedAt' desc limit 25"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select data ->> 'outcome', count(*) from {table} group by 1"));
        await using var reader = await batch.ExecuteReaderAsync();
        var rows = 0;
        do
        {
            while (await reader.ReadAsync()) rows++;
        }
        while (await reader.NextResultAsync());
        return rows;
    }

    private static async Task<(double Median, double P95)> TimeAsync(Func<Task<int>> run)
    {
        for (var i = 0; i < 3; i++) await run();
        var times = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[Runs / 2], times[(int)(Runs * 0.95)]);
    }
}
