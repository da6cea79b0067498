using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Testing;
using Marten;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Projections;

/// <summary>A fresh database per test (shadows change the live documents), with two interactions appended.</summary>
public sealed class ShadowStoreScope : IAsyncDisposable
{
    private ShadowStoreScope(TestDatabase database)
    {
        Database = database;
        Store = TestStores.For(database);
        DataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        Owner = NpgsqlDataSource.Create(database.AdminConnectionString);
        Appender = new EventAppender(Store, new AppendOptions());
    }

    public TestDatabase Database { get; }
    public DocumentStore Store { get; }
    public NpgsqlDataSource DataSource { get; }
    public NpgsqlDataSource Owner { get; }
    public EventAppender Appender { get; }
    public ShadowedProjection Reviews => ShadowedProjection.Find(Store, "ProposalReview")!;
    public ShadowBuilder Builder => new(DataSource, SubjectKeyring.Of(Store));
    public ShadowPromoter Promoter => new(Store, DataSource);

    public static async Task<ShadowStoreScope> StartAsync()
    {
        var scope = new ShadowStoreScope(await TestCluster.CreateDatabaseAsync(nameof(ShadowStoreScope)));
        await scope.AppendAsync("shadow-a", Batch(0, Started(), Proposal("p1"), Event("proposal_accepted", new { proposalId = "p1", by = "ana" })));
        await scope.AppendAsync("shadow-b", Batch(0, Started(), Proposal("p1", "Refund issued."),
            Event("proposal_edited", new { proposalId = "p1", editor = "ben", content = "Refund issued today." })));
        return scope;
    }

    public async Task AppendAsync(string stream, AppendRequest request) =>
        (await Appender.AppendAsync(stream, request, Api)).ShouldBeOfType<AppendOutcome.Appended>();

    /// <summary>Runs SQL as the schema owner: how a test simulates live documents made by other projection code.</summary>
    public async Task AsOwnerAsync(string sql)
    {
        await using var command = Owner.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> LiveJsonAsync(string id)
    {
        await using var command = DataSource.CreateCommand("SELECT data::text FROM eventworkbench.mt_doc_proposalreview WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await DataSource.DisposeAsync();
        await Owner.DisposeAsync();
    }
}
