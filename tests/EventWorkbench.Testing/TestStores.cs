using EventWorkbench.Storage;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Testing;

public static class TestStores
{
    /// <summary>A document store configured exactly as the app's, connected as the append-only app role.</summary>
    public static DocumentStore For(TestDatabase database) => DocumentStore.For(options => Configure(options, database));

    /// <summary>The same store, built as the app builds its own, so that it logs to <paramref name="logs"/> as the app's logs.</summary>
    public static DocumentStore For(TestDatabase database, ILoggerProvider logs)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(logs));
        services.AddMarten(options => Configure(options, database));
        return (DocumentStore)services.BuildServiceProvider().GetRequiredService<IDocumentStore>();
    }

    private static void Configure(StoreOptions options, TestDatabase database)
    {
        options.Connection(database.AppConnectionString);
        EventStoreConfiguration.Configure(options);
        options.AutoCreateSchemaObjects = AutoCreate.None;
    }
}
