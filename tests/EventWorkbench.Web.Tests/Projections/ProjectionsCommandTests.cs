using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Seals;
using EventWorkbench.Web.Tests.Streams;
using JasperFx;
using Npgsql;

namespace EventWorkbench.Web.Tests.Projections;

/// <summary>Marten's own <c>projections rebuild</c> still runs through the app's command runner, beside the page and the API.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class ProjectionsCommandTests
{
    [Fact]
    public async Task Projections_rebuild_exits_0_and_leaves_the_reviews_as_the_inline_projection_kept_them()
    {
        var database = await TestCluster.CreateDatabaseAsync("projection_commands");
        await EventStoreConfiguration.MigrateAsync(database.AdminConnectionString, database.AppConnectionString);
        using (var store = TestStores.For(database))
        {
            var appender = new EventAppender(store, new AppendOptions());
            await SeedStreams.Append(appender, $"cli-{Guid.NewGuid():N}", "bot", "corr-cli",
                SeedStreams.Started("support-replies", "Where is my parcel?"), SeedStreams.Proposal("p1", "It ships tomorrow."));
        }
        var inline = await ReviewsAsync(database);

        var exitCode = await RunAsync(database, "projections", "rebuild", "--projection", "ProposalReview");

        exitCode.ShouldBe(0);
        inline.ShouldNotBeEmpty();
        (await ReviewsAsync(database)).ShouldBe(inline);
    }

    private static async Task<int> RunAsync(TestDatabase database, params string[] args)
    {
        var app = WorkbenchHost.Create(args, builder =>
        {
            builder.Configuration["ConnectionStrings:EventStore"] = database.AppConnectionString;
            builder.Configuration["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString;
            builder.Configuration["Demo:Seed"] = "false";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        try
        {
            return await app.RunJasperFxCommands(args);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<List<string>> ReviewsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_proposalreview order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
