using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// The history's step: the state at version 1,000 of a 5,000-event interaction (a generated stream of proposals, edits,
/// decisions, feedback, curation and corrections), the step there (the event with the states before and after it),
/// and the same step rendered by the real app (<c>GET /streams/{id}?version=1000</c>, the prerender a bookmark gets),
/// against reading the same 1,000 events raw in the same run.
/// </summary>
public static class HistoryScenario
{
    private const int StreamLength = 5_000;
    private const long Version = 1_000;
    private const double TargetMilliseconds = 50;

    public static async Task<int> RunAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_history");
        using var store = TestStores.For(database);
        var stream = "bench-history-long";
        AnsiConsole.MarkupLine($"[bold]history[/]: one generated stream of {StreamLength:N0} events, the step at version {Version:N0}");
        var appender = new EventAppender(store, new AppendOptions());
        foreach (var batch in GeneratedStream.Events(seed: 7, StreamLength).Chunk(500))
        {
            var outcome = await appender.AppendAsync(stream, new AppendRequest(batch), new AppendContext("bench", "api"));
            if (outcome is not AppendOutcome.Appended) throw new InvalidOperationException($"Seeding the stream failed: {outcome}");
        }

        var history = new StreamHistory(store);
        var state = await Timings.MeasureAsync(async () => (await history.StateAsync(stream, Version))!.Proposals.Count);
        var step = await Timings.MeasureAsync(async () => (await history.StepAsync(stream, Version))!.After.Proposals.Count);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var raw = await Timings.MeasureAsync(() => RawEventsAsync(dataSource, stream));
        var page = await TimePageAsync(database, stream);

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow($"GET /streams/{{id}}?version={Version:N0}: the step rendered by the server", $"{page.Median:N1}", $"{page.P95:N1}");
        table.AddRow("StreamHistory.StepAsync: event, state before and after", $"{step.Median:N1}", $"{step.P95:N1}");
        table.AddRow("StreamHistory.StateAsync: the state at the version", $"{state.Median:N1}", $"{state.P95:N1}");
        table.AddRow($"raw: the {Version:N0} events' rows read with Npgsql", $"{raw.Median:N1}", $"{raw.P95:N1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"state / raw = [bold]{state.Median / raw.Median:N1}[/], page / raw = [bold]{page.Median / raw.Median:N1}[/]; " +
            $"target state and page under {TargetMilliseconds} ms: {(Math.Max(page.Median, state.Median) < TargetMilliseconds ? "[green]met[/]" : "[red]missed[/]")}");
        return 0;
    }

    private static async Task<int> RawEventsAsync(NpgsqlDataSource dataSource, string stream)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id, version, type, timestamp, data::text from {EventStoreConfiguration.Schema}.mt_events where stream_id = $1 and version <= $2 order by version");
        command.Parameters.AddWithValue(stream);
        command.Parameters.AddWithValue(Version);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(4);
            rows++;
        }
        return rows;
    }

    private static async Task<(double Median, double P95)> TimePageAsync(TestDatabase database, string stream)
    {
        await using var app = await BenchmarkApp.StartAsync(database, new Dictionary<string, string>
        {
            ["Accounts:Admin:UserName"] = "bench-admin",
            ["Accounts:Admin:Password"] = "bench admin password",
        });
        using var http = await FormSignIn.SignedInClientAsync(app.Address, "bench-admin", "bench admin password");
        var timing = await Timings.MeasureAsync(async () =>
        {
            var html = await http.GetStringAsync($"/streams/{stream}?version={Version}");
            if (!html.Contains($"data-testid=\"step-panel\" data-version=\"{Version}\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"GET /streams/{stream}?version={Version} did not render the step: the page did not render its data on the server");
            return html.Length;
        });
        var size = (await http.GetStringAsync($"/streams/{stream}?version={Version}")).Length;
        AnsiConsole.MarkupLine($"  the rendered step: {size / 1024.0:N0} KB of HTML");
        return timing;
    }
}
