using EventWorkbench.Storage;
using EventWorkbench.Tests.Ingest;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Storage;

/// <summary>Through any connection, history cannot be rewritten.</summary>
public sealed class AppendOnlyTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    public static TheoryData<string> Rewrites => new()
    {
        $"UPDATE {Events} SET data = '{{}}'::jsonb",
        $"DELETE FROM {Events}",
        $"TRUNCATE {Events}",
        $"TRUNCATE {Events} CASCADE",
    };

    private async Task<long> SeedAndCountAsync()
    {
        await fixture.Appender.AppendAsync($"guard-{Guid.NewGuid():N}", Batch(Started(), Proposal("p1")), Api);
        return await CountAsync();
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {Events}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<PostgresException> RefusedAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task The_app_role_cannot_rewrite_events(string sql)
    {
        var before = await SeedAndCountAsync();

        var refusal = await RefusedAsync(fixture.Database.AppConnectionString, sql);

        refusal.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await CountAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task Even_the_schema_owner_and_superuser_cannot_rewrite_events(string sql)
    {
        var before = await SeedAndCountAsync();

        var refusal = await RefusedAsync(fixture.Database.AdminConnectionString, sql);

        refusal.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        refusal.MessageText.ShouldContain("append-only");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_guard_survives_reapplying_the_schema_and_appends_keep_working()
    {
        await EventStoreConfiguration.MigrateAsync(fixture.Database.AdminConnectionString, fixture.Database.AppConnectionString);
        var before = await SeedAndCountAsync();

        (await RefusedAsync(fixture.Database.AdminConnectionString, $"DELETE FROM {Events}")).MessageText.ShouldContain("append-only");
        (await SeedAndCountAsync()).ShouldBe(before + 2);
    }

    [Fact]
    public async Task Marten_itself_cannot_wipe_the_event_store()
    {
        await SeedAndCountAsync();
        await Should.ThrowAsync<Exception>(() => fixture.Store.Advanced.Clean.DeleteAllEventDataAsync());
        (await CountAsync()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task After_migration_the_database_matches_the_configuration_exactly()
    {
        // No perpetual differences: db-assert passes and db-apply has nothing left to do.
        await using var owner = Marten.DocumentStore.For(options =>
        {
            options.Connection(fixture.Database.AdminConnectionString);
            EventStoreConfiguration.Configure(options);
        });
        await owner.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
