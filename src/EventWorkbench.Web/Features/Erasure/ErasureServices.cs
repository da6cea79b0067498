using EventWorkbench.Erasure;
using EventWorkbench.History;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Hosting;
using Marten;
using Npgsql;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>
/// The connection the erasure destroys keys and rewrites tables with: the schema owner's (<see cref="EventStoreConnections.Admin"/>),
/// never the app role's, which may not change a key. Disposed with the app.
/// </summary>
public sealed class ErasureOwnerConnection : IAsyncDisposable
{
    public ErasureOwnerConnection(EventStoreConnections connections)
    {
        DataSource = SubjectErasure.OwnerDataSource(connections.Admin);
        connections.PoolsToClear += DataSource.Clear; // the embedded server died or came back: its old connections are dead
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

public static class ErasureServices
{
    /// <summary>
    /// The erasure of data subjects; once the event store migration has run (it is registered first, in
    /// <see cref="EventStoreHosting.AddEventStore"/>), <see cref="PendingErasures"/> completes the erasures a stop interrupted.
    /// </summary>
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.AddSingleton<ErasureOwnerConnection>();
        services.AddSingleton(sp =>
        {
            var history = sp.GetRequiredService<StreamHistory>();
            var previews = sp.GetService<ExportPreviews>();
            var exports = sp.GetService<ExportJobs>();
            return new SubjectErasure(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<ErasureOwnerConnection>().DataSource,
                sp.GetRequiredService<ILogger<SubjectErasure>>())
            {
                // What this node keeps of the erased streams goes too: the history's copies, the export previews and the
                // exports prepared on the server.
                StreamsErased = streams =>
                {
                    history.Forget(streams);
                    previews?.Forget();
                    exports?.Forget();
                },
            };
        });
        services.AddSingleton<ErasureRuns>();
        services.AddSingleton<SubjectDirectory>();
        services.AddHostedService<PendingErasures>();
        services.AddHostedService<ErasureNotifications>();
        return services;
    }
}
