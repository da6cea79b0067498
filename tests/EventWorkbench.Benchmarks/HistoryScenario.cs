using System.Diagnostics;
using System.Text;
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
        // Warmed up beyond Timings' three runs: the JIT optimizes a method after about thirty calls, as in a running server.
        for (var i = 0; i < 30; i++) await history.StepAsync(stream, Version);
        var state = await Timings.MeasureAsync(async () => (await history.StateAsync(stream, Version))!.Proposals.Count);
        var step = await Timings.MeasureAsync(async () => (await history.StepAsync(stream, Version))!.After.Proposals.Count);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var raw = await Timings.MeasureAsync(() => RawEventsAsync(dataSource, stream));
        var page = await TimePageAsync(database, stream);

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow($"GET /streams/{{id}}?version={Version:N0}: the step rendered by the server", $"{page.Median:N1}", $"{page.P95:N1}");
        table.AddRow("  its first byte of body", $"{page.FirstByteMedian:N1}", $"{page.FirstByteP95:N1}");
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

    // The page timed whole (the full body) and to its first byte of body, by the app without its async daemon: with it,
    // the page shared the CPU with the daemon folding the freshly appended stream into the analytics projections
    // (that catch-up took minutes on the 2-core machine).
    private static async Task<PageTimings> TimePageAsync(TestDatabase database, string stream)
    {
        await using var app = await BenchmarkApp.StartAsync(database, new Dictionary<string, string>
        {
            ["Accounts:Admin:UserName"] = "bench-admin",
            ["Accounts:Admin:Password"] = "bench admin password",
            ["Projections:Daemon"] = "Disabled",
        });
        AnsiConsole.MarkupLine("  the app runs without its async daemon (Projections:Daemon=Disabled): the page is timed alone, " +
            "not beside the daemon's catch-up on the freshly appended stream");
        using var http = await FormSignIn.SignedInClientAsync(app.Address, "bench-admin", "bench admin password");
        for (var i = 0; i < 30; i++) await http.GetStringAsync($"/streams/{stream}?version={Version}"); // warm, as above
        var firstBytes = new List<double>();
        var timing = await Timings.MeasureAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/streams/{stream}?version={Version}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            var read = await body.ReadAsync(buffer);
            firstBytes.Add(clock.Elapsed.TotalMilliseconds);
            using var text = new MemoryStream();
            text.Write(buffer, 0, read);
            await body.CopyToAsync(text);
            var html = Encoding.UTF8.GetString(text.ToArray());
            if (!html.Contains($"data-testid=\"step-panel\" data-version=\"{Version}\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"GET /streams/{stream}?version={Version} did not render the step: the page did not render its data on the server");
            return html.Length;
        });
        var size = (await http.GetStringAsync($"/streams/{stream}?version={Version}")).Length;
        AnsiConsole.MarkupLine($"  the rendered step: {size / 1024.0:N0} KB of HTML");
        var timed = firstBytes.Skip(firstBytes.Count - 30).Order().ToList();
        return new PageTimings(timing.Median, timing.P95, timed[timed.Count / 2], timed[(int)(timed.Count * 0.95)]);
    }

    private sealed record PageTimings(double Median, double P95, double FirstByteMedian, double FirstByteP95);
}
