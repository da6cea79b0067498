using EventWorkbench.Storage;
using JasperFx;
using Marten;

namespace EventWorkbench.Testing;

public static class TestStores
{
    /// <summary>A document store configured exactly as the app's, connected as the append-only app role.</summary>
    public static DocumentStore For(TestDatabase database) => DocumentStore.For(options =>
    {
        options.Connection(database.AppConnectionString);
        EventStoreConfiguration.Configure(options);
        options.AutoCreateSchemaObjects = AutoCreate.None;
    });
}
