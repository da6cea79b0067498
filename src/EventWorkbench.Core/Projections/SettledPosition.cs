using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// The highest event sequence taken so far, once no transaction that was open when it was read can still add an event at
/// or below it (sequence numbers are drawn before commit), so every event up to it is there to be read.
/// </summary>
public static class SettledPosition
{
    public static async Task<long> ReadAsync(NpgsqlDataSource dataSource, TimeSpan wait, CancellationToken cancellationToken)
    {
        string snapshot;
        long end;
        await using (var command = dataSource.CreateCommand(
            $"SELECT pg_current_snapshot()::text, coalesce(max(seq_id), 0) FROM {EventStoreConfiguration.Schema}.mt_events"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            snapshot = reader.GetString(0);
            end = reader.GetInt64(1);
        }

        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            await using var open = dataSource.CreateCommand(
                "SELECT count(*) FROM pg_snapshot_xip(@snapshot::pg_snapshot) x WHERE pg_xact_status(x) = 'in progress'");
            open.Parameters.AddWithValue("snapshot", snapshot);
            if ((long)(await open.ExecuteScalarAsync(cancellationToken))! == 0) return end;
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"A transaction open since before the shadow build started is still open after {wait.TotalSeconds:N0} s; it may still add events below sequence {end}, so nothing was built. Try again later.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
