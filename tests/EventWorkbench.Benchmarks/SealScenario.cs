using System.Diagnostics;
using EventWorkbench.Audit;
using EventWorkbench.Demo;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// <c>history-seal N</c>: sealing a store of N synthetic events (canonical bytes, segment and per-event digests, the
/// per-event table by binary COPY, one seal per 100,000 events) and verifying it, against reading the same columns raw
/// in the same run (a plain SELECT of every stored column as text, and COPY of them). All rated in events per second.
/// </summary>
public static class SealScenario
{
    private const string Columns = "seq_id, id, stream_id, version, type, timestamp, tenant_id, mt_dotnet_type, is_archived, " +
        "correlation_id, causation_id, user_name, headers, data";

    public static async Task<int> RunAsync(long events)
    {
        var database = await TestCluster.CreateDatabaseAsync("bench_seal");
        using var store = TestStores.For(database);
        AnsiConsole.MarkupLine($"[bold]history-seal[/]: seeding {events:N0} events (synthetic streams, bulk append)");
        var seeded = await new SyntheticSeeder(store).WriteAsync(events);
        AnsiConsole.MarkupLine($"  {seeded.Streams:N0} streams in {seeded.Elapsed.TotalSeconds:N0} s");
        await Quiesce.AfterAsync(database);
        await using var dataSource = NpgsqlDataSource.Create(database.AppConnectionString);

        await SelectAsync(dataSource); // warm the cache, as every path after it finds it
        var select = await SelectAsync(dataSource);
        var copy = await CopyAsync(dataSource);

        var clock = Stopwatch.StartNew();
        var outcome = await new LogSealer(store, dataSource).SealAsync("benchmark");
        var sealing = clock.Elapsed;
        var seals = ((SealOutcome.Sealed)outcome).Seals;

        clock.Restart();
        var verdict = await new LogVerifier(new SealLog(store), dataSource).VerifyAsync();
        var verifying = clock.Elapsed;
        if (!verdict.Intact) throw new InvalidOperationException(verdict.Summary);

        var eventsSealed = seals.Sum(s => s.EventCount);
        var table = new Table().AddColumns("path", "events/s", "seconds");
        table.AddRow($"seal ({seals.Count} seals)", $"{eventsSealed / sealing.TotalSeconds:N0}", $"{sealing.TotalSeconds:N2}");
        table.AddRow("verify", $"{verdict.EventsChecked / verifying.TotalSeconds:N0}", $"{verifying.TotalSeconds:N2}");
        table.AddRow("SELECT of the same columns (read as text)", $"{events / select.TotalSeconds:N0}", $"{select.TotalSeconds:N2}");
        table.AddRow("COPY of the same columns TO STDOUT", $"{events / copy.TotalSeconds:N0}", $"{copy.TotalSeconds:N2}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"seal / SELECT = [bold]{select.TotalSeconds / sealing.TotalSeconds:N2}[/], verify / SELECT = [bold]{select.TotalSeconds / verifying.TotalSeconds:N2}[/]");
        AnsiConsole.MarkupLine($"Process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MiB");
        return 0;
    }

    private static async Task<TimeSpan> SelectAsync(NpgsqlDataSource dataSource)
    {
        var clock = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand(
            $"select {Columns.Replace("headers", "headers::text", StringComparison.Ordinal).Replace("data", "data::text", StringComparison.Ordinal)} " +
            $"from {EventStoreConfiguration.Schema}.mt_events order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        long values = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) if (!reader.IsDBNull(i)) { _ = reader.GetValue(i); values++; }
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> CopyAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        using var copy = await connection.BeginTextExportAsync(
            $"COPY (SELECT {Columns} FROM {EventStoreConfiguration.Schema}.mt_events ORDER BY seq_id) TO STDOUT");
        var buffer = new char[64 * 1024];
        while (await copy.ReadAsync(buffer) > 0) { }
        return clock.Elapsed;
    }
}
