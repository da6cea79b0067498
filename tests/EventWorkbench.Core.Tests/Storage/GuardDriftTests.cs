using EventWorkbench.Audit;
using EventWorkbench.Storage;
using EventWorkbench.Tests.Ingest;
using JasperFx;
using Marten;
using Npgsql;
using Weasel.Core;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Storage;

/// <summary>
/// The guard triggers fire in replica mode too (ENABLE ALWAYS), and a guard that was disabled, dropped or set back
/// to plain ENABLE is a schema difference: the assertion behind <c>db-assert</c> reports it and applying the schema
/// (<c>db-apply</c>, start-up) restores it. Its own database: these tests take the guard down for a moment.
/// </summary>
public sealed class GuardDriftTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    public static TheoryData<string> Rewrites => new()
    {
        $"UPDATE {Events} SET data = '{{}}'::jsonb",
        $"DELETE FROM {Events}",
        $"TRUNCATE {Events}",
    };

    public static TheoryData<string, string> Drifts => new()
    {
        { AppendOnlyGuard.NoDeleteTrigger, $"ALTER TABLE {Events} DISABLE TRIGGER {AppendOnlyGuard.NoDeleteTrigger}" },
        { AppendOnlyGuard.NoUpdateTrigger, $"ALTER TABLE {Events} ENABLE TRIGGER {AppendOnlyGuard.NoUpdateTrigger}" },
        { AppendOnlyGuard.NoTruncateTrigger, $"ALTER TABLE {Events} ENABLE REPLICA TRIGGER {AppendOnlyGuard.NoTruncateTrigger}" },
        { AppendOnlyGuard.NoDeleteTrigger, $"DROP TRIGGER {AppendOnlyGuard.NoDeleteTrigger} ON {Events}" },
        { OneTombstonePerFailedAppend.TriggerName, $"ALTER TABLE {Events} DISABLE TRIGGER {OneTombstonePerFailedAppend.TriggerName}" },
        { SealedEventsTable.NoUpdateTrigger, $"ALTER TABLE {SealedEventsTable.QualifiedName} DISABLE TRIGGER {SealedEventsTable.NoUpdateTrigger}" },
        { SealedEventsTable.NoDeleteTrigger, $"DROP TRIGGER {SealedEventsTable.NoDeleteTrigger} ON {SealedEventsTable.QualifiedName}" },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task The_superuser_in_replica_mode_cannot_rewrite_events(string sql)
    {
        await fixture.Appender.AppendAsync($"replica-{Guid.NewGuid():N}", Batch(Started(), Proposal("p1")), Api);
        var before = await EventTableCount.ReadAsync(fixture.Database);

        await using var connection = await OwnerAsync();
        await ExecuteAsync(connection, "SET session_replication_role = replica");
        var refusal = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(connection, sql));

        refusal.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        refusal.MessageText.ShouldContain("append-only");
        (await EventTableCount.ReadAsync(fixture.Database)).ShouldBe(before);
    }

    [Fact]
    public async Task Every_guard_trigger_is_enabled_always_after_migration()
    {
        (await GuardStatesAsync()).ShouldBe(AppendOnlyGuard.TriggerNames.Order().Select(name => (name, "A")));
    }

    [Theory]
    [MemberData(nameof(Drifts))]
    public async Task A_guard_trigger_not_enabled_always_fails_the_assertion_and_applying_the_schema_restores_it(string trigger, string drift)
    {
        await using (var connection = await OwnerAsync()) await ExecuteAsync(connection, drift);
        await using var owner = OwnerStore();

        var failure = await Should.ThrowAsync<Exception>(() => owner.Storage.Database.AssertDatabaseMatchesConfigurationAsync());
        failure.ToString().ShouldContain(trigger);

        await owner.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);

        (await GuardStatesAsync()).ShouldBe(AppendOnlyGuard.TriggerNames.Order().Select(name => (name, "A")));
        await owner.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task Reapplying_an_intact_schema_finds_no_difference()
    {
        await using var owner = OwnerStore();

        var migration = await owner.Storage.Database.CreateMigrationAsync();

        var changed = migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => d.SchemaObject.Identifier.ToString());
        changed.ShouldBeEmpty();
        migration.Difference.ShouldBe(SchemaPatchDifference.None);
    }

    private DocumentStore OwnerStore() => DocumentStore.For(options =>
    {
        options.Connection(fixture.Database.AdminConnectionString);
        EventStoreConfiguration.Configure(options);
    });

    private async Task<List<(string Name, string Enabled)>> GuardStatesAsync()
    {
        await using var connection = await OwnerAsync();
        await using var command = new NpgsqlCommand("""
            SELECT t.tgname::text, t.tgenabled::text FROM pg_trigger t
            WHERE t.tgrelid = $1::regclass AND t.tgname = ANY($2) ORDER BY t.tgname
            """, connection)
        {
            Parameters = { new() { Value = Events }, new() { Value = AppendOnlyGuard.TriggerNames.ToArray() } },
        };
        var states = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) states.Add((reader.GetString(0), reader.GetString(1)));
        return states;
    }

    private async Task<NpgsqlConnection> OwnerAsync()
    {
        var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
