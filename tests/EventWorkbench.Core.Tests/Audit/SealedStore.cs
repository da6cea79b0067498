using EventWorkbench.Audit;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Audit;

/// <summary>
/// A database of its own (each tampering would otherwise show in the next test), the app's append path, a sealer and
/// a verifier on it, and the superuser's way around the guards: disable a guard trigger, rewrite, enable it always again.
/// </summary>
public sealed class SealedStore : IAsyncDisposable
{
    public const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    private SealedStore(TestDatabase database)
    {
        Database = database;
        Store = TestStores.For(database);
        DataSource = NpgsqlDataSource.Create(database.AppConnectionString);
        Appender = new EventAppender(Store, new AppendOptions { MaxEventsPerBatch = 50 });
        Seals = new SealLog(Store);
        Sealer = new LogSealer(Store, DataSource);
        Verifier = new LogVerifier(Seals, DataSource);
    }

    public TestDatabase Database { get; }
    public DocumentStore Store { get; }
    public NpgsqlDataSource DataSource { get; }
    public EventAppender Appender { get; }
    public SealLog Seals { get; }
    public LogSealer Sealer { get; }
    public LogVerifier Verifier { get; }

    public static async Task<SealedStore> CreateAsync(string purpose) => new(await TestCluster.CreateDatabaseAsync(purpose));

    /// <summary>Appends <paramref name="streams"/> streams of three events each.</summary>
    public async Task AppendStreamsAsync(int streams)
    {
        for (var i = 0; i < streams; i++)
        {
            await Appender.AppendAsync($"sealed-{Guid.NewGuid():N}", Batch(Started(), Proposal("p1"), Proposal("p2", "Another answer.")), Api);
        }
    }

    /// <summary>Seals everything so far and expects it to succeed.</summary>
    public async Task<IReadOnlyList<Seal>> SealAsync(string by = "ana")
    {
        var outcome = await Sealer.SealAsync(by);
        return outcome.ShouldBeOfType<SealOutcome.Sealed>().Seals;
    }

    /// <summary>The sequence of the <paramref name="index"/>-th event of the log (0 is the first), not a seal.</summary>
    public async Task<long> SequenceOfEventAsync(int index) =>
        (long)(await ScalarAsync($"select seq_id from {Events} where stream_id like 'sealed-%' order by seq_id offset {index} limit 1"))!;

    /// <summary>Runs <paramref name="sql"/> as the superuser with the named table's guard triggers disabled, then enables them always again.</summary>
    public async Task TamperAsync(string table, IEnumerable<string> triggers, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.AdminConnectionString);
        await connection.OpenAsync();
        var qualified = $"{EventStoreConfiguration.Schema}.{table}";
        foreach (var trigger in triggers) await ExecuteAsync(connection, $"ALTER TABLE {qualified} DISABLE TRIGGER {trigger}");
        await ExecuteAsync(connection, sql, parameters);
        foreach (var trigger in triggers) await ExecuteAsync(connection, $"ALTER TABLE {qualified} ENABLE ALWAYS TRIGGER {trigger}");
    }

    public Task TamperWithEventsAsync(string sql, params (string Name, object Value)[] parameters) =>
        TamperAsync("mt_events", AppendOnlyGuard.TriggerNames, sql, parameters);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        Store.Dispose();
    }
}
