using System.Globalization;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Tests.Projections;

/// <summary>One database of generated events (bulk appended, then the inline projections brought up to date), shared by a test class.</summary>
public sealed class RebuildStore : IAsyncLifetime
{
    /// <summary>
    /// Generated events in the store: a few thousand by default, enough for a rebuild to be sampled mid-run; set
    /// <c>EWB_REBUILD_TEST_EVENTS</c> for a large run by hand (60,000 takes about two and a half minutes).
    /// </summary>
    public static int SyntheticEvents { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EWB_REBUILD_TEST_EVENTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var events) && events > 0
            ? events
            : DefaultSyntheticEvents;

    public const int DefaultSyntheticEvents = 6_000;

    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public EventAppender Appender { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(RebuildStore));
        Store = TestStores.For(Database);
        Appender = new EventAppender(Store, new AppendOptions { MaxEventsPerBatch = 100 });
        var seeder = new SyntheticSeeder(Store) { EventsPerTransaction = 10_000 };
        await seeder.WriteAsync(SyntheticEvents);
        await seeder.RebuildSummariesAsync();
    }

    public ProjectionRebuilds Rebuilds(ILoggerFactory? loggers = null, TimeSpan? openTransactionWait = null) => new(Store, new RebuildLog(Store), loggers)
    {
        Heartbeat = TimeSpan.FromMilliseconds(25),
        OpenTransactionWait = openTransactionWait ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>Every review document as PostgreSQL stores it (id and jsonb text), ordered by id.</summary>
    public async Task<List<string>> StoredReviewsAsync(string? streamPrefix = null)
    {
        await using var connection = new NpgsqlConnection(Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_proposalreview where stream_id like @prefix order by id",
            connection);
        command.Parameters.AddWithValue("prefix", (streamPrefix ?? "") + "%");
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new List<string>();
        while (await reader.ReadAsync()) documents.Add(reader.GetString(0));
        return documents;
    }

    /// <summary>The position Marten stored for the projection's shard, read straight from the table.</summary>
    public async Task<long?> TruePositionAsync(string shard)
    {
        await using var connection = new NpgsqlConnection(Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select last_seq_id from {EventStoreConfiguration.Schema}.mt_event_progression where name = @name", connection);
        command.Parameters.AddWithValue("name", shard);
        return await command.ExecuteScalarAsync() is long position ? position : null;
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}
