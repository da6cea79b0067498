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
/// against reading the same 1,000 events raw in the same run. Each as a first look at the stream (nothing of it kept in
/// memory) and stepping on from there (its events kept, the next version each time).
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

        // A first look at a stream reads its whole past; stepping on from there reads only the next event, the past
        // being kept (StreamHistory keeps the events of the streams read last). Both are timed: the first with nothing kept.
        var nothingKept = new StreamHistory(store, keptJsonBytes: 0);
        var kept = new StreamHistory(store);
        // Warmed up beyond Timings' three runs: the JIT optimizes a method after about thirty calls, as in a running server.
        for (var i = 0; i < 30; i++) await nothingKept.StepAsync(stream, Version);
        for (var i = 0; i < 30; i++) await kept.StepAsync(stream, Version - 30 + i);
        var stateFirst = await Timings.MeasureAsync(async () => (await nothingKept.StateAsync(stream, Version))!.Proposals.Count);
        var stepFirst = await Timings.MeasureAsync(async () => (await nothingKept.StepAsync(stream, Version))!.After.Proposals.Count);
        var stateKept = await Timings.MeasureAsync(async () => (await kept.StateAsync(stream, Version))!.Proposals.Count);
        var onward = Version;
        var stepOn = await Timings.MeasureAsync(async () => (await kept.StepAsync(stream, onward++))!.After.Proposals.Count);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        var raw = await Timings.MeasureAsync(() => RawEventsAsync(dataSource, stream));
        var pageFirst = await TimePageAsync(database, stream, keptMegabytes: 0, stepping: false);
        var pageOn = await TimePageAsync(database, stream, keptMegabytes: null, stepping: true);

        var table = new Table().AddColumns("path", "median ms", "p95 ms");
        table.AddRow($"GET /streams/{{id}}?version={Version:N0}: a first look, nothing kept", $"{pageFirst.Median:N1}", $"{pageFirst.P95:N1}");
        table.AddRow("  its first byte of body", $"{pageFirst.FirstByteMedian:N1}", $"{pageFirst.FirstByteP95:N1}");
        table.AddRow($"GET /streams/{{id}}?version={Version:N0}, +1, +2, ...: stepping on", $"{pageOn.Median:N1}", $"{pageOn.P95:N1}");
        table.AddRow("  its first byte of body", $"{pageOn.FirstByteMedian:N1}", $"{pageOn.FirstByteP95:N1}");
        table.AddRow("StreamHistory.StepAsync: event, state before and after, nothing kept", $"{stepFirst.Median:N1}", $"{stepFirst.P95:N1}");
        table.AddRow("StreamHistory.StepAsync: stepping on", $"{stepOn.Median:N1}", $"{stepOn.P95:N1}");
        table.AddRow("StreamHistory.StateAsync: the state at the version, nothing kept", $"{stateFirst.Median:N1}", $"{stateFirst.P95:N1}");
        table.AddRow("StreamHistory.StateAsync: the state at the version, kept", $"{stateKept.Median:N1}", $"{stateKept.P95:N1}");
        table.AddRow($"raw: the {Version:N0} events' rows read with Npgsql", $"{raw.Median:N1}", $"{raw.P95:N1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"state / raw = [bold]{stateFirst.Median / raw.Median:N1}[/] (nothing kept), page / raw = [bold]{pageFirst.Median / raw.Median:N1}[/] " +
            $"(first look), [bold]{pageOn.Median / raw.Median:N1}[/] (stepping on); target under {TargetMilliseconds} ms: " +
            $"state {Verdict(stateFirst.Median)}, a first look {Verdict(pageFirst.Median)}, stepping on {Verdict(pageOn.Median)}");
        return 0;
    }

    private static string Verdict(double milliseconds) => milliseconds < TargetMilliseconds ? "[green]met[/]" : "[red]missed[/]";

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
    // With keptMegabytes 0 the app keeps no stream's events, so each request is a first look; stepping asks for the
    // next version each time (the 30 warm-up requests step up to the version timed first).
    private static async Task<PageTimings> TimePageAsync(TestDatabase database, string stream, int? keptMegabytes, bool stepping)
    {
        var settings = new Dictionary<string, string>
        {
            ["Accounts:Admin:UserName"] = "bench-admin",
            ["Accounts:Admin:Password"] = "bench admin password",
            ["Projections:Daemon"] = "Disabled",
        };
        if (keptMegabytes is { } megabytes) settings["History:KeptMegabytes"] = megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await BenchmarkApp.StartAsync(database, settings);
        if (!stepping)
            AnsiConsole.MarkupLine("  the app runs without its async daemon (Projections:Daemon=Disabled): the page is timed alone, " +
                "not beside the daemon's catch-up on the freshly appended stream");
        using var http = await FormSignIn.SignedInClientAsync(app.Address, "bench-admin", "bench admin password");
        var version = stepping ? Version - 30 : Version;
        for (var i = 0; i < 30; i++) await http.GetStringAsync($"/streams/{stream}?version={(stepping ? version++ : version)}"); // warm, as above
        var firstBytes = new List<double>();
        var timing = await Timings.MeasureAsync(async () =>
        {
            var asked = stepping ? version++ : version;
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/streams/{stream}?version={asked}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            var read = await body.ReadAsync(buffer);
            firstBytes.Add(clock.Elapsed.TotalMilliseconds);
            using var text = new MemoryStream();
            text.Write(buffer, 0, read);
            await body.CopyToAsync(text);
            var html = Encoding.UTF8.GetString(text.ToArray());
            if (!html.Contains($"data-testid=\"step-panel\" data-version=\"{asked}\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"GET /streams/{stream}?version={asked} did not render the step: the page did not render its data on the server");
            return html.Length;
        });
        if (!stepping) AnsiConsole.MarkupLine($"  the rendered step: {(await http.GetStringAsync($"/streams/{stream}?version={Version}")).Length / 1024.0:N0} KB of HTML");
        var timed = firstBytes.Skip(firstBytes.Count - 30).Order().ToList();
        return new PageTimings(timing.Median, timing.P95, timed[timed.Count / 2], timed[(int)(timed.Count * 0.95)]);
    }

    private sealed record PageTimings(double Median, double P95, double FirstByteMedian, double FirstByteP95);
}
