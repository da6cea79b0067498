using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// Where shadow rebuilds keep what they make: the documents in <see cref="Name"/> (tables shaped as the live ones, made
/// by the shadow store's own Marten migration), and per projection the last build's summary (<see cref="Builds"/>),
/// its differences from the live documents (<see cref="Changes"/>) and the build running now with its progress (<see cref="Running"/>).
/// Created by the migration as the schema owner; the app role may read and write them.
/// </summary>
public static class ShadowSchema
{
    public const string Name = "eventworkbench_shadow";
    public const string Builds = $"{Name}.ew_shadow_builds";
    public const string Changes = $"{Name}.ew_shadow_changes";
    public const string Running = $"{Name}.ew_shadow_running";

    private const string TablesSql = $"""
        CREATE TABLE IF NOT EXISTS {Builds} (
            projection text PRIMARY KEY,
            built_through bigint NOT NULL,
            events bigint NOT NULL,
            built_by text NOT NULL,
            built_at timestamptz NOT NULL,
            duration_ms bigint NOT NULL,
            live_documents bigint NOT NULL,
            shadow_documents bigint NOT NULL,
            added bigint NOT NULL,
            removed bigint NOT NULL,
            changed bigint NOT NULL,
            unchanged bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS {Changes} (
            projection text NOT NULL,
            ordinal bigint NOT NULL,
            document_id text NOT NULL,
            kind text NOT NULL,
            fields jsonb NOT NULL,
            PRIMARY KEY (projection, ordinal));
        CREATE TABLE IF NOT EXISTS {Running} (
            projection text PRIMARY KEY,
            build_id uuid NOT NULL,
            node text NOT NULL,
            started_by text NOT NULL,
            started_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            cancelled_at timestamptz);
        ALTER TABLE {Running}
            ADD COLUMN IF NOT EXISTS stage text NOT NULL DEFAULT 'starting',
            ADD COLUMN IF NOT EXISTS position bigint NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS of_total bigint NOT NULL DEFAULT 0;
        """;

    /// <summary>Makes the shadow schema's tables, as the schema owner: the shadow documents' tables, then the builds and changes.</summary>
    public static async Task MigrateAsync(string adminConnectionString, string? appRole, CancellationToken cancellationToken)
    {
        await using (var owner = ShadowStore.ForMigration(adminConnectionString))
        {
            await owner.Storage.ApplyAllConfiguredChangesToDatabaseAsync(JasperFx.AutoCreate.CreateOrUpdate);
        }
        await using var admin = NpgsqlDataSource.Create(adminConnectionString);
        await using (var command = admin.CreateCommand($"CREATE SCHEMA IF NOT EXISTS {Name};{TablesSql}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (appRole is null) return;
        var role = $"\"{appRole.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await using var grant = admin.CreateCommand($"""
            GRANT USAGE ON SCHEMA {Name} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {Name} TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {Name} TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {Name} TO {role};
            """);
        await grant.ExecuteNonQueryAsync(cancellationToken);
    }
}
