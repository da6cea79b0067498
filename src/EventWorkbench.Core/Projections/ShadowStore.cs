using EventWorkbench.Erasure;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// A second Marten store over the same database, configured as the app's (the projection code of this build), whose
/// events are the live ones (<see cref="EventStoreConfiguration.Schema"/>) and whose documents live in
/// <see cref="ShadowSchema.Name"/>. The projection being shadowed runs under its own shard name, so its daemon progress
/// (kept with the events) never touches the live projection's.
/// </summary>
public static class ShadowStore
{
    public const string ShardSuffix = "__shadow";

    /// <summary>
    /// The store a shadow build of <paramref name="projection"/> rebuilds with, connected as the app. It opens sealed
    /// personal fields with the app's <paramref name="keyring"/>, so keys an erasure destroyed and made the app forget
    /// (<see cref="SubjectKeyring.Forget"/>) stop opening them here too, even in a build already running.
    /// </summary>
    public static DocumentStore For(NpgsqlDataSource dataSource, string projection, SubjectKeyring keyring) => DocumentStore.For(options =>
    {
        options.Connection(dataSource);
        ConfigureShadow(options, keyring);
        options.AutoCreateSchemaObjects = AutoCreate.None;
        var source = options.Projections.All.OfType<ProjectionBase>().Single(p => p.Name == projection);
        source.Name = projection + ShardSuffix;
        // The analytics read the live reviews (inline, so never behind the events); a shadow of them reads the same.
        if (projection != nameof(ProposalReview)) options.Schema.For<ProposalReview>().DatabaseSchemaName(EventStoreConfiguration.Schema);
    });

    internal static DocumentStore ForMigration(string adminConnectionString) => DocumentStore.For(options =>
    {
        options.Connection(adminConnectionString);
        ConfigureShadow(options, keyring: null);
    });

    /// <summary>The shard name a shadow build's progress is kept under.</summary>
    public static string ShardOf(string projection) => $"{projection}{ShardSuffix}:All";

    private static void ConfigureShadow(StoreOptions options, SubjectKeyring? keyring)
    {
        EventStoreConfiguration.Configure(options, keyring);
        options.DatabaseSchemaName = ShadowSchema.Name;
        options.Events.DatabaseSchemaName = EventStoreConfiguration.Schema;
    }
}
