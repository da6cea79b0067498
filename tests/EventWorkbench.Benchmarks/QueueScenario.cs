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
/// store of at least N proposals: the query alone, and the whole page rendered by the real app on Kestrel
/// (<c>GET /review</c>, the server-side prerender a browser receives), against a hand-written SQL floor measured in
/// the same run (the same rows and counts read straight from the indexed columns). Then the same queries over the same
/// events stored without sealing their personal fields, to show what sealing costs the queue.
/// </summary>
public static class QueueScenario
{
    private const double TargetMilliseconds = 200;
    private const double TargetSealedRatio = 1 / 1.1;
    private const int Rounds = 7;

    public static async Task<int> RunAsync(long proposals)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_queue");
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store);
        AnsiConsole.MarkupLine($"[bold]queue[/]: seeding at least {proposals:N0} proposals (synthetic streams, bulk append, projection rebuild)");
        await seeder.WriteAsync(proposals * 7);
        var rebuilt = await seeder.RebuildSummariesAsync();
        await Quiesce.AfterAsync(database);
        var queries = new ProposalQueries(store);
        var firstPage = new ProposalFilter { PageSize = 25 };
        var total = (await queries.ListAsync(firstPage)).Total;
        AnsiConsole.MarkupLine($"  {rebuilt.Events:N0} events, {total:N0} proposals");

        var query = await Timings.MeasureAsync(async () => (await queries.ListAsync(firstPage)).Items.Count);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var floor = await Timings.MeasureAsync(() => RawFirstPageAsync(dataSource));
        var page = await TimePageAsync(database);

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow("GET /review: first page rendered by the server", $"{page.Median:N1}", $"{page.P95:N1}");
        table.AddRow("ProposalQueries: first page + counts", $"{query.Median:N1}", $"{query.P95:N1}");
        table.AddRow("floor: hand-written SQL, same rows + counts", $"{floor.Median:N1}", $"{floor.P95:N1}");
        foreach (var (name, filter) in FilteredPages())
        {
            var filtered = await Timings.MeasureAsync(async () => (await queries.ListAsync(filter)).Items.Count);
            table.AddRow($"ProposalQueries, {name}", $"{filtered.Median:N1}", $"{filtered.P95:N1}");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"query / floor = [bold]{query.Median / floor.Median:N2}[/], page / floor = [bold]{page.Median / floor.Median:N2}[/]; " +
            $"target page under {TargetMilliseconds} ms: {(page.Median < TargetMilliseconds ? "[green]met[/]" : "[red]missed[/]")}");
        await CompareWithPlainAsync(queries, proposals);
        return 0;
    }

    /// <summary>
    /// What sealing personal fields costs the queue: the same synthetic events stored without sealing, the first page and
    /// a text search queried over both in the same run, <see cref="Rounds"/> times, taking turns (which goes first
    /// changes each round). The queue reads its review documents, which hold the text in plain, so sealing should cost
    /// it nothing; the target (at most 10% slower) is judged on the median of each round's sealed / plain speed.
    /// </summary>
    private static async Task CompareWithPlainAsync(ProposalQueries sealedQueries, long proposals)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_queue_plain");
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store) { SealsPersonalData = false };
        AnsiConsole.MarkupLine("  seeding the same events without sealing their personal fields");
        await seeder.WriteAsync(proposals * 7);
        await seeder.RebuildSummariesAsync();
        await Quiesce.AfterAsync(database);
        var plainQueries = new ProposalQueries(store);

        foreach (var (name, filter) in new[] { ("first page", new ProposalFilter { PageSize = 25 }), ("text search \"refund\"", new ProposalFilter { Text = "refund" }) })
        {
            var sealedTimes = new List<double>();
            var plainTimes = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                async Task MeasureAsync(ProposalQueries queries, List<double> times) =>
                    times.Add((await Timings.MeasureAsync(async () => (await queries.ListAsync(filter)).Items.Count, runs: 20)).Median);
                if (round % 2 == 1) await MeasureAsync(plainQueries, plainTimes);
                await MeasureAsync(sealedQueries, sealedTimes);
                if (round % 2 == 0) await MeasureAsync(plainQueries, plainTimes);
            }
            var ratios = plainTimes.Zip(sealedTimes, (plain, sealedTime) => plain / sealedTime).ToList();
            var ratio = ratios.Order().ElementAt(Rounds / 2);
            AnsiConsole.MarkupLine($"  {name}: sealed median {sealedTimes.Order().ElementAt(Rounds / 2):N1} ms, plain {plainTimes.Order().ElementAt(Rounds / 2):N1} ms; " +
                $"each round's sealed / plain speed {string.Join(", ", ratios.Select(r => r.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)))}");
            AnsiConsole.MarkupLine($"sealed / plain queue speed, {name} = [bold]{ratio:N2}[/], the median round (target >= {TargetSealedRatio:N2}: " +
                $"{(ratio >= TargetSealedRatio ? "[green]met[/]" : "[red]missed[/]")})");
        }
    }

    /// <summary>Pages under the filters people use most, for the record (no target).</summary>
    private static IEnumerable<(string Name, ProposalFilter Filter)> FilteredPages()
    {
        yield return ("outcome = accepted_edited", new ProposalFilter { Outcome = EventWorkbench.Streams.ProposalOutcome.AcceptedEdited });
        yield return ("one product, by similarity", new ProposalFilter { Product = "support-replies", Sort = ProposalSort.Similarity, Descending = false });
        yield return ("not curated, last 7 days", new ProposalFilter { Curated = false, GeneratedFrom = DateTimeOffset.UtcNow.AddDays(-7) });
        yield return ("text search \"refund\"", new ProposalFilter { Text = "refund" });
    }

    /// <summary>The real app, as a browser meets it: the prerendered queue with its rows in the HTML.</summary>
    private static async Task<(double Median, double P95)> TimePageAsync(TestDatabase database)
    {
        // The queue needs a signed-in person: an admin from configuration, signed in through the form once.
        await using var app = await BenchmarkApp.StartAsync(database, new Dictionary<string, string>
        {
            ["Accounts:Admin:UserName"] = "bench-admin",
            ["Accounts:Admin:Password"] = "bench admin password",
            // The queue reads the inline review projection; the async analytics would still be catching up with the
            // seeded events, on the same two cores, while the page is timed.
            ["Projections:Daemon"] = "Disabled",
        });
        using var http = await FormSignIn.SignedInClientAsync(app.Address, "bench-admin", "bench admin password");
        return await Timings.MeasureAsync(async () =>
        {
            var html = await http.GetStringAsync("/review");
            var rows = html.Split("class=\"review-row").Length - 1;
            if (rows != 25) throw new InvalidOperationException($"GET /review rendered {rows} rows, not 25: the page did not render its data on the server");
            return rows;
        });
    }

    private static async Task<int> RawFirstPageAsync(NpgsqlDataSource dataSource)
    {
        var table = $"{EventStoreConfiguration.Schema}.mt_doc_proposalreview";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select data from {table} order by generated_at desc, id limit 25"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select outcome, count(*) from {table} group by 1"));
        await using var reader = await batch.ExecuteReaderAsync();
        var rows = 0;
        do
        {
            while (await reader.ReadAsync()) rows++;
        }
        while (await reader.NextResultAsync());
        return rows;
    }
}
