using Npgsql;

namespace EventWorkbench.Storage;

/// <summary>
/// The highest event sequence taken so far, once no transaction that was open when it was read can still add an event at
/// or below it (sequence numbers are drawn before commit), so every event up to it is there to be read. Seals, rebuilds
/// and shadow builds each work up to such a position.
/// </summary>
public static class SettledPosition
{
    // Transaction ids are the server's, not the database's, so the snapshot also lists other databases' transactions.
    // One whose session is seen working in another database cannot add events here and is not waited for; one whose
    // session is not visible (another role's, without pg_read_all_stats) is waited for, as it may be in this database.
    private const string StillOpen = """
        SELECT count(*) FROM pg_snapshot_xip($1::pg_snapshot) x
        WHERE pg_xact_status(x) = 'in progress'
          AND NOT EXISTS (
              SELECT 1 FROM pg_stat_activity a
              WHERE a.backend_xid = x::xid
                AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database()))
        """;

    /// <param name="connection">An open connection, used outside any transaction.</param>
    /// <param name="wait">How long to wait for the transactions that were open when the position was read.</param>
    /// <param name="work">What is about to work up to the position ("the seal"), for the message when the wait runs out.</param>
    public static async Task<long> ReadAsync(NpgsqlConnection connection, TimeSpan wait, string work, CancellationToken cancellationToken)
    {
        string snapshot;
        long end;
        await using (var command = new NpgsqlCommand(
            $"SELECT pg_current_snapshot()::text, coalesce(max(seq_id), 0) FROM {EventStoreConfiguration.Schema}.mt_events", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            snapshot = reader.GetString(0);
            end = reader.GetInt64(1);
        }

        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            await using var open = new NpgsqlCommand(StillOpen, connection)
            {
                Parameters = { new() { Value = snapshot } },
            };
            if ((long)(await open.ExecuteScalarAsync(cancellationToken))! == 0) return end;
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"A transaction open since before {work} started is still open after {wait.TotalSeconds:N0} s; it may still add events below sequence {end}, so {work} did not start. Try again later.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
