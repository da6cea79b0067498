using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using Marten;
using Npgsql;

namespace EventWorkbench.Tests.Storage;

/// <summary>
/// The position seals, rebuilds and shadow builds work up to, on real PostgreSQL: sequence numbers are drawn before
/// commit, so a transaction that drew one may still add an event below the highest committed one.
/// </summary>
public sealed class SettledPositionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestCluster.CreateDatabaseAsync(nameof(SettledPositionTests));
        _store = TestStores.For(_database);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Waits_for_a_transaction_that_may_still_add_an_event_below_it_and_refuses_when_it_stays_open()
    {
        await AppendAsync("settled-1");
        await using var holder = await OpenAsync();
        await ExecuteAsync(holder, $"BEGIN; SELECT nextval('{EventStoreConfiguration.Schema}.mt_events_sequence'); SELECT pg_current_xact_id()");
        await AppendAsync("settled-2"); // committed after the sequence number the holder drew
        await using var reader = await OpenAsync();

        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => SettledPosition.ReadAsync(reader, TimeSpan.FromSeconds(1), "the rebuild", CancellationToken.None));
        refused.Message.ShouldBe(
            "A transaction open since before the rebuild started is still open after 1 s; it may still add events below sequence 3, " +
            "so the rebuild did not start. Try again later.");

        var settling = SettledPosition.ReadAsync(reader, TimeSpan.FromSeconds(30), "the rebuild", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        settling.IsCompleted.ShouldBeFalse("the holder's transaction is still open");
        await ExecuteAsync(holder, "COMMIT");
        (await settling.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(3);
    }

    [Fact]
    public async Task A_transaction_begun_while_it_waits_does_not_hold_it()
    {
        await using var holder = await OpenAsync();
        await ExecuteAsync(holder, "BEGIN; SELECT pg_current_xact_id()");
        await AppendAsync("settled-waiting"); // commits after the holder began, so a snapshot lists the holder
        await using var reader = await OpenAsync();
        var settling = SettledPosition.ReadAsync(reader, TimeSpan.FromSeconds(30), "the seal", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        settling.IsCompleted.ShouldBeFalse("the holder's transaction was open when the position was read");

        await using var later = await OpenAsync();
        await ExecuteAsync(later, "BEGIN; SELECT pg_current_xact_id()");
        await ExecuteAsync(holder, "COMMIT");
        (await settling.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(1, "the later transaction is still open, and not waited for");
    }

    [Fact]
    public async Task A_transaction_in_another_database_of_the_server_does_not_hold_it()
    {
        var other = await TestCluster.CreateDatabaseAsync(nameof(SettledPositionTests) + "_other");
        await using var elsewhere = new NpgsqlConnection(other.AppConnectionString);
        await elsewhere.OpenAsync();
        await ExecuteAsync(elsewhere, "BEGIN; SELECT pg_current_xact_id()");
        await AppendAsync("settled-here"); // commits after the other database's transaction began, so a snapshot lists it
        await using var reader = await OpenAsync();

        (await SettledPosition.ReadAsync(reader, TimeSpan.FromSeconds(1), "the seal", CancellationToken.None)).ShouldBe(1);
        await ExecuteAsync(elsewhere, "ROLLBACK");
    }

    private async Task AppendAsync(string stream)
    {
        await using var session = _store.LightweightSession();
        session.Events.StartStream(stream, new ProposalAccepted("p-1", "reviewer"));
        await session.SaveChangesAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_database.AppConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
