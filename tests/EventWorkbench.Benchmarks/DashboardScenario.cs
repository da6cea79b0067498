using System.Diagnostics;
using EventWorkbench.Analytics;
using EventWorkbench.Demo;
using EventWorkbench.Projections;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>dashboard N</c>: the dashboards' first render over N synthetic events. The inline projections are rebuilt, then the
/// async analytics projections (<see cref="ModelScorecard"/>, <see cref="ActivityByDay"/>, <see cref="ReviewerActivity"/>)
/// through the product's rebuild path, so nothing lags; then the real app (its daemon off: nothing is left to fold) is
/// timed rendering <c>GET /dashboards</c> on the server, and beside it the page's queries alone
/// (<see cref="DashboardQueries"/>: figures and filter choices) with no filter and with one product, against plain reads
/// of the same three tables in the same run (a count of their rows, and every row's document read as text).
/// </summary>
public static class DashboardScenario
{
    private const double TargetMilliseconds = 500;
    private static readonly string[] Tables = ["mt_doc_modelscorecard", "mt_doc_activitybyday", "mt_doc_revieweractivity"];

    public static async Task<int> RunAsync(long events)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_dashboard");
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store);
        AnsiConsole.MarkupLine($"[bold]dashboard[/]: seeding {events:N0} events (synthetic streams, bulk append, inline projections rebuilt)");
        var seeded = await seeder.WriteAsync(events);
        var summaries = await seeder.RebuildSummariesAsync();
        AnsiConsole.MarkupLine($"  {seeded.Streams:N0} streams in {seeded.Elapsed.TotalSeconds:N0} s, inline projections rebuilt in {summaries.Elapsed.TotalSeconds:N0} s");
        await CatchUpAnalyticsAsync(store);
        await Quiesce.AfterAsync(database);
        AnsiConsole.MarkupLine($"  {await SizesAsync(database)}");

        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var queries = new DashboardQueries(dataSource);
        var choices = await queries.ChoicesAsync();
        if (choices.Products.Count == 0) throw new InvalidOperationException("The scorecards name no product: the analytics projections wrote nothing");
        var product = new DashboardFilter { Product = choices.Products[0] };
        var figures = await queries.LoadAsync(new DashboardFilter());
        AnsiConsole.MarkupLine($"  unfiltered: {figures.Scorecards.Count:N0} scorecards, {figures.Activity.Count:N0} activity days, {figures.Reviewers.Count:N0} reviewers");

        var unfiltered = await Timings.MeasureAsync(async () => (await queries.LoadAsync(new DashboardFilter())).Scorecards.Count + (await queries.ChoicesAsync()).Products.Count);
        var filtered = await Timings.MeasureAsync(async () => (await queries.LoadAsync(product)).Scorecards.Count + (await queries.ChoicesAsync()).Products.Count);
        var counts = await Timings.MeasureAsync(() => CountRowsAsync(dataSource));
        var rows = await Timings.MeasureAsync(() => ReadRowsAsync(dataSource));
        var page = await TimePageAsync(database);

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow("GET /dashboards: first render by the server", $"{page.Median:N1}", $"{page.P95:N1}");
        table.AddRow("DashboardQueries: figures and choices, no filter", $"{unfiltered.Median:N1}", $"{unfiltered.P95:N1}");
        table.AddRow($"DashboardQueries: figures and choices, product {Markup.Escape(choices.Products[0])}", $"{filtered.Median:N1}", $"{filtered.P95:N1}");
        table.AddRow("baseline: count(*) of the three tables", $"{counts.Median:N1}", $"{counts.P95:N1}");
        table.AddRow("baseline: every row of the three tables, data as text", $"{rows.Median:N1}", $"{rows.P95:N1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"queries / raw rows = [bold]{unfiltered.Median / rows.Median:N2}[/], page / queries = [bold]{page.Median / unfiltered.Median:N1}[/]; " +
            $"target page under {TargetMilliseconds} ms: {(page.Median < TargetMilliseconds ? "[green]met[/]" : "[red]missed[/]")}");
        return 0;
    }

    /// <summary>Rebuilds the async analytics projections one after the other through <see cref="ProjectionRebuilds"/>.</summary>
    private static async Task CatchUpAnalyticsAsync(IDocumentStore store)
    {
        await using var rebuilds = new ProjectionRebuilds(store, new RebuildLog(store)) { ShardTimeout = TimeSpan.FromHours(2) };
        foreach (var projection in new[] { typeof(ModelScorecardProjection), typeof(ActivityByDayProjection), typeof(ReviewerActivityProjection) })
        {
            var name = RegisteredProjections.All(store).First(p => p.GetType() == projection).Name;
            var clock = Stopwatch.StartNew();
            var start = await rebuilds.StartAsync(name, "benchmark");
            if (start is not RebuildStart.Started) throw new InvalidOperationException($"The rebuild of {name} did not start: {start}");
            var job = await rebuilds.WaitAsync(name);
            if (job is not { State: RebuildState.Done }) throw new InvalidOperationException($"The rebuild of {name} ended {job?.State}: {job?.Error}");
            AnsiConsole.MarkupLine($"  rebuilt {name}: {job.EventsRead:N0} events in {clock.Elapsed.TotalSeconds:N1} s ({job.EventsRead / clock.Elapsed.TotalSeconds:N0} events/s)");
        }
    }

    private static async Task<int> CountRowsAsync(NpgsqlDataSource dataSource)
    {
        long total = 0;
        foreach (var name in Tables)
        {
            await using var command = dataSource.CreateCommand($"select count(*) from {EventStoreConfiguration.Schema}.{name}");
            total += (long)(await command.ExecuteScalarAsync())!;
        }
        return (int)total;
    }

    private static async Task<int> ReadRowsAsync(NpgsqlDataSource dataSource)
    {
        var rows = 0;
        foreach (var name in Tables)
        {
            await using var command = dataSource.CreateCommand($"select id, data::text from {EventStoreConfiguration.Schema}.{name}");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(1);
                rows++;
            }
        }
        return rows;
    }

    private static async Task<string> SizesAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var name in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*), pg_size_pretty(pg_total_relation_size('{EventStoreConfiguration.Schema}.{name}')) from {EventStoreConfiguration.Schema}.{name}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            parts.Add($"{name} {reader.GetInt64(0):N0} rows, {reader.GetString(1)}");
        }
        return string.Join("; ", parts);
    }

    private static async Task<(double Median, double P95)> TimePageAsync(TestDatabase database)
    {
        await using var app = await BenchmarkApp.StartAsync(database, new Dictionary<string, string>
        {
            ["Accounts:Admin:UserName"] = "bench-admin",
            ["Accounts:Admin:Password"] = "bench admin password",
            ["Projections:Daemon"] = "Disabled",
        });
        using var http = await FormSignIn.SignedInClientAsync(app.Address, "bench-admin", "bench admin password");
        var timing = await Timings.MeasureAsync(async () =>
        {
            var html = await http.GetStringAsync("/dashboards");
            if (!html.Contains("data-chart=\"acceptance-rate\"", StringComparison.Ordinal) || html.Contains("dashboards-error", StringComparison.Ordinal))
                throw new InvalidOperationException("GET /dashboards did not render its charts on the server");
            return html.Length;
        });
        var size = (await http.GetStringAsync("/dashboards")).Length;
        AnsiConsole.MarkupLine($"  the rendered dashboards: {size / 1024.0:N0} KB of HTML");
        return timing;
    }
}
