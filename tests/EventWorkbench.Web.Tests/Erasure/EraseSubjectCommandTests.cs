using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Seals;
using EventWorkbench.Web.Tests.Streams;
using JasperFx;
using Npgsql;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary>
/// The <c>erase-subject</c> command as the command line runs it (the app's own host, its command runner, the schema owner):
/// exit code 0 with what it erased, 0 again saying it was erased before, 1 for an unknown subject or a missing reason.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class EraseSubjectCommandTests
{
    [Fact]
    public async Task Erase_subject_prints_what_it_erased_and_exits_1_for_an_unknown_subject_or_no_reason()
    {
        var database = await TestCluster.CreateDatabaseAsync("erase_commands");
        await EventStoreConfiguration.MigrateAsync(database.AdminConnectionString, database.AppConnectionString);
        var subject = $"cli-subject-{Guid.NewGuid():N}"[..24];
        using (var store = TestStores.For(database))
        {
            var appender = new EventAppender(store, new AppendOptions());
            await SeedStreams.Append(appender, $"cli-{Guid.NewGuid():N}", "bot", "corr-cli",
                SeedStreams.Event("interaction_started", new { channel = "chat", subjectId = subject, input = "My name is Ada Lovelace" }),
                SeedStreams.Proposal("p1", "It ships tomorrow, Ada."));
        }

        var noReason = await RunAsync(database, "erase-subject", subject, "--by", "ana");
        noReason.ExitCode.ShouldBe(1, noReason.Output);
        noReason.Output.ShouldContain("Not valid; nothing was erased: reason: is required");

        var erased = await RunAsync(database, "erase-subject", subject, "--reason", "Asked to be forgotten", "--by", "ana");
        erased.ExitCode.ShouldBe(0, erased.Output);
        erased.Output.ShouldContain($"Erased data subject {subject}: 2 events in 1 stream");
        (await InputsAsync(database, subject)).ShouldAllBe(input => input.StartsWith("ew-sealed:", StringComparison.Ordinal));
        (await LiveKeysAsync(database, subject)).ShouldBe(0);

        var again = await RunAsync(database, "erase-subject", subject, "--reason", "Asked again");
        again.ExitCode.ShouldBe(0, again.Output);
        again.Output.ShouldContain($"Data subject {subject} was already erased by ana");

        var unknown = await RunAsync(database, "erase-subject", "nobody-at-all", "--reason", "cleanup");
        unknown.ExitCode.ShouldBe(1, unknown.Output);
        unknown.Output.ShouldContain("No event names subject nobody-at-all and no key was made for it");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TestDatabase database, params string[] args)
    {
        var app = WorkbenchHost.Create(args, builder =>
        {
            builder.Configuration["ConnectionStrings:EventStore"] = database.AppConnectionString;
            builder.Configuration["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString;
            builder.Configuration["Demo:Seed"] = "false";
            builder.Configuration["Logging:LogLevel:Default"] = "Error";
        });
        var output = new StringWriter();
        var (console, errors) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            return (await app.RunJasperFxCommands(args), output.ToString());
        }
        finally
        {
            Console.SetOut(console);
            Console.SetError(errors);
            await app.DisposeAsync();
        }
    }

    /// <summary>The inputs as stored in the events table: sealed, whatever the keys.</summary>
    private static async Task<List<string>> InputsAsync(TestDatabase database, string subject)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select data ->> 'input' from {EventStoreConfiguration.Schema}.mt_events where headers ->> 'subject' = $1 and type = 'interaction_started'", connection);
        command.Parameters.AddWithValue(subject);
        await using var reader = await command.ExecuteReaderAsync();
        var inputs = new List<string>();
        while (await reader.ReadAsync()) inputs.Add(reader.GetString(0));
        inputs.ShouldNotBeEmpty();
        return inputs;
    }

    private static async Task<long> LiveKeysAsync(TestDatabase database, string subject)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from {EventStoreConfiguration.Schema}.ew_subject_keys where subject_id = $1 and key is not null", connection);
        command.Parameters.AddWithValue(subject);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
