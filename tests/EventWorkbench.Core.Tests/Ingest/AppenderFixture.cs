using EventWorkbench.Ingest;
using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Tests.Ingest;

/// <summary>A fresh migrated database for one test class, and the app's append path on it.</summary>
public sealed class AppenderFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public EventAppender Appender { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(AppenderFixture));
        Store = TestStores.For(Database);
        Appender = new EventAppender(Store, new AppendOptions { MaxEventsPerBatch = 50 });
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}
