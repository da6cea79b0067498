using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>A fresh migrated database per test class, seeded through the app's own append path.</summary>
public sealed class StreamsDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public StreamQueries Queries { get; private set; } = null!;
    public EventAppender Appender { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync("webstreams");
        Store = TestStores.For(Database);
        Queries = new StreamQueries(Store);
        Appender = new EventAppender(Store, new AppendOptions());
        await SeedStreams.AppendAsync(Appender);
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}
