using System.Text.Json.Serialization;
using EventWorkbench.Access;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;

namespace EventWorkbench.Storage;

/// <summary>The one place Marten is configured: the event store rules, then one call per feature.</summary>
public static class EventStoreConfiguration
{
    public const string Schema = "eventworkbench";

    public static void Configure(StoreOptions options) => Configure(options, keyring: null);

    /// <summary>The same, opening sealed fields with <paramref name="keyring"/> when given (a shadow store uses the app's).</summary>
    public static void Configure(StoreOptions options, Erasure.SubjectKeyring? keyring)
    {
        options.DatabaseSchemaName = Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            foreach (var converter in json.Converters.OfType<JsonStringEnumConverter>().ToList()) json.Converters.Remove(converter);
            EventCatalogue.ConfigureJson(json);
        });
        // Personal fields are stored sealed with their data subject's key, and erased with it.
        options.Serializer(new Erasure.PersonalDataSerializer(options.Serializer(), keyring ?? new Erasure.SubjectKeyring(options)));

        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Events go in through Marten's append function, which checks the expected version (under the stream's
        // row lock) before it draws a sequence number: an append refused for its version leaves no gap and no
        // tombstone row. Despite its name, this mode stores the timestamps stamped in .NET (MicrosecondClock, or
        // the seeder's), so inline projections see the timestamps a rebuild reads back. Inline projections do not
        // see sequence numbers in this mode; they see versions because every append names one (VersionedAppendsOnly).
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        VersionedAppendsOnly.Configure(options);
        options.Events.TimeProvider = MicrosecondClock.Instance;
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.EnableUniqueIndexOnEventId = true;
        foreach (var (wireName, type) in EventCatalogue.All) options.Events.MapEventType(type, wireName);

        AppendOnlyGuard.Configure(options);
        Audit.SealedEventsTable.Configure(options);
        OneTombstonePerFailedAppend.Configure(options);
        AppendNotificationTrigger.Configure(options);
        StreamsFeature.Configure(options);
        ReviewFeature.Configure(options);
        Analytics.AnalyticsFeature.Configure(options);
        AccessFeature.Configure(options);
        EventSearchIndexes.Configure(options);
        Erasure.ErasureFeature.Configure(options);
        Projections.ProjectionsFeature.Configure(options);
    }

    /// <summary>
    /// Creates or updates every schema object through Marten's migration path, connected as the schema owner,
    /// then, when the app connects as another role, leaves that role able to append but not to rewrite.
    /// </summary>
    public static async Task MigrateAsync(string adminConnectionString, string appConnectionString, CancellationToken cancellationToken = default)
    {
        await using (var adminStore = DocumentStore.For(options =>
        {
            options.Connection(adminConnectionString);
            Configure(options);
        }))
        {
            await adminStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        }

        var appRole = new NpgsqlConnectionStringBuilder(appConnectionString).Username;
        var adminRole = new NpgsqlConnectionStringBuilder(adminConnectionString).Username;
        if (appRole is not null && !string.Equals(appRole, adminRole, StringComparison.Ordinal))
        {
            await using var admin = NpgsqlDataSource.Create(adminConnectionString);
            await AppendOnlyPrivileges.GrantAsync(admin, Schema, appRole, cancellationToken);
        }
        await Projections.ShadowSchema.MigrateAsync(
            adminConnectionString, appRole is not null && !string.Equals(appRole, adminRole, StringComparison.Ordinal) ? appRole : null,
            cancellationToken);
    }
}
