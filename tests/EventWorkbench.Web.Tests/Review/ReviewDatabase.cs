using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Streams;
using Marten;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>A fresh migrated database per test class, seeded with proposals through the app's own append path.</summary>
public sealed class ReviewDatabase : IAsyncLifetime
{
    public const string Edited = "rv-edited";      // AI -> 2 edits -> accepted
    public const string Unchanged = "rv-unchanged"; // accepted as is
    public const string Rejected = "rv-rejected";
    public const string Pending = "rv-pending";
    public const string Hostile = "rv-hostile";     // HTML, script, a markdown link and control characters, edited
    public const string Json = "rv-json";           // JSON content, edited

    public const string HostileAi = "Hi <script>alert(1)</script> see [click](javascript:alert(2)) \u0007bell\u001b[31mred";
    public const string HostileFinal = "Hi <img src=x onerror=alert(3)> see [click](javascript:alert(2)) \u0007bell";

    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public ProposalQueries Proposals { get; private set; } = null!;
    public StreamQueries Streams { get; private set; } = null!;
    public EventAppender Appender { get; private set; } = null!;
    public Curation Curation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync("webreview");
        Store = TestStores.For(Database);
        Proposals = new ProposalQueries(Store);
        Streams = new StreamQueries(Store);
        Appender = new EventAppender(Store, new AppendOptions());
        Curation = new Curation(Appender, Proposals);

        await Seed(Edited, "support-replies", Generated("p1", "The parcel ships tomorrow from Berlin."),
            Edit("p1", "agent.tom", "The parcel ships on Thursday from Berlin.", "date"),
            Edit("p1", "agent.ana", "The parcel ships on Thursday from Hamburg.", "warehouse"),
            Decided("proposal_accepted", "p1"));
        await Seed(Unchanged, "code-review", Generated("p1", "Use exponential backoff."), Decided("proposal_accepted", "p1"));
        await Seed(Rejected, "support-replies", Generated("p1", "Would you like a refund?"), Decided("proposal_rejected", "p1"));
        await Seed(Pending, "contract-drafting", Generated("p1", "The supplier's liability is limited."));
        await Seed(Hostile, "support-replies", Generated("p1", HostileAi), Edit("p1", "<b>mallory</b>", HostileFinal, "<i>why</i>"),
            Decided("proposal_accepted", "p1"));
        await Seed(Json, "extraction", Generated("p1", """{"name":"Ana","age":30,"tags":["a"]}""", "json"),
            Edit("p1", "agent.tom", """{"name":"Ana","age":31,"city":"Porto","tags":["a"]}""", null), Decided("proposal_accepted", "p1"));
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }

    public Task Seed(string streamId, string product, params EventEnvelope[] events) =>
        SeedStreams.Append(Appender, streamId, "seed", $"corr-{streamId}", [SeedStreams.Started(product, "input"), .. events]);

    /// <summary>The example_curated rows of a stream as PostgreSQL holds them: the actor column, the label's "by", its source header.</summary>
    public async Task<IReadOnlyList<(string? Actor, string? By, string? Source)>> CurationRowsAsync(string streamId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select user_name, data->>'by', headers->>'source' from {Store.Options.Events.DatabaseSchemaName}.mt_events " +
            "where stream_id = @stream and type = 'example_curated' order by version", connection);
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, string?, string?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return rows;
    }

    public static EventEnvelope Generated(string proposalId, string content, string contentType = "text") =>
        SeedStreams.Event("proposal_generated", new
        {
            proposalId,
            model = "gpt-x",
            promptVersion = "v7",
            messages = new[] { new { role = "system", content = "You are <b>helpful</b>." }, new { role = "user", content = "Please help." } },
            content,
            contentType,
            reasoning = "Because <script>x</script>",
        });

    public static EventEnvelope Edit(string proposalId, string editor, string content, string? comment) =>
        SeedStreams.Event("proposal_edited", new { proposalId, editor, content, comment });

    public static EventEnvelope Decided(string type, string proposalId) => SeedStreams.Event(type, new { proposalId, by = "agent.tom" });
}
