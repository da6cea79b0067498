using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Streams;
using JasperFx;
using Npgsql;

namespace EventWorkbench.Web.Tests.Seals;

/// <summary>
/// The <c>seal</c> and <c>verify</c> commands as the command line runs them (the app's own host, its command runner):
/// exit code 0 while the log is intact, 1 with the first sequence that differs once the superuser rewrote an event.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class SealCommandTests
{
    [Fact]
    public async Task Verify_exits_0_on_an_intact_log_and_1_naming_the_rewritten_sequence()
    {
        var database = await TestCluster.CreateDatabaseAsync("seal_commands");
        await EventStoreConfiguration.MigrateAsync(database.AdminConnectionString, database.AppConnectionString);
        using (var store = TestStores.For(database))
        {
            var appender = new EventAppender(store, new AppendOptions());
            await SeedStreams.Append(appender, $"cli-{Guid.NewGuid():N}", "bot", "corr-cli",
                SeedStreams.Started("support-replies", "Where is my parcel?"), SeedStreams.Proposal("p1", "It ships tomorrow."));
        }

        (await RunAsync(database, "seal", "--by", "ana")).ExitCode.ShouldBe(0);
        var intact = await RunAsync(database, "verify");
        intact.ExitCode.ShouldBe(0, intact.Output);
        intact.Output.ShouldContain("Intact");

        var rewritten = await RewriteSecondEventAsync(database);
        var tampered = await RunAsync(database, "verify");

        tampered.ExitCode.ShouldBe(1, tampered.Output);
        tampered.Output.ShouldContain($"first differing sequence: {rewritten} (rewritten)");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TestDatabase database, params string[] args)
    {
        var app = WorkbenchHost.Create(args, builder =>
        {
            builder.Configuration["ConnectionStrings:EventStore"] = database.AppConnectionString;
            builder.Configuration["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString;
            builder.Configuration["Demo:Seed"] = "false";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            return (await app.RunJasperFxCommands(args), output.ToString());
        }
        finally
        {
            Console.SetOut(console);
            await app.DisposeAsync();
        }
    }

    // As the superuser, around the guard: what only someone bypassing the app could do.
    private static async Task<long> RewriteSecondEventAsync(TestDatabase database)
    {
        var events = $"{EventStoreConfiguration.Schema}.mt_events";
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand($"select seq_id from {events} where stream_id like 'cli-%' order by seq_id offset 1 limit 1", connection);
        var sequence = (long)(await find.ExecuteScalarAsync())!;
        foreach (var sql in AppendOnlyGuard.TriggerNames.Select(t => $"ALTER TABLE {events} DISABLE TRIGGER {t}")
            .Append($"update {events} set data = jsonb_set(data, '{{content}}', '\"Rewritten.\"') where seq_id = {sequence}")
            .Concat(AppendOnlyGuard.TriggerNames.Select(t => $"ALTER TABLE {events} ENABLE ALWAYS TRIGGER {t}")))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        return sequence;
    }
}

/// <summary>Tests that read what a command writes to the console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutput
{
    public const string Name = "console output";
}
