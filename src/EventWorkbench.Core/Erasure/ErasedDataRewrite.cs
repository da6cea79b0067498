using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>
/// The erasure's clean-up: PostgreSQL keeps a changed or deleted row's old version in the table's files until the space
/// is reused, so the tables that held the data (the keys, the folded projections, the search text, the shadows) are
/// rewritten whole with <c>VACUUM FULL</c> (readers of each table wait while it is rewritten) and analysed again, since
/// the planner's statistics sample column values; then the statistics catalogue is rewritten too, which needs the
/// database's owner or a superuser (otherwise PostgreSQL skips it with a warning, logged here). A rewrite must keep the
/// old row versions a transaction begun before them may still read, so each first waits until every such transaction
/// in the database has ended; and it gives up on a table's lock after a moment (an open transaction that read the table
/// holds it, and every reader after would queue behind the rewrite) and tries again. If <c>patience</c> runs out, the
/// erasure stays pending. Runs as the schema owner.
/// </summary>
internal static class ErasedDataRewrite
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(
        NpgsqlDataSource owner, IReadOnlyList<string> tables, ILogger logger, TimeSpan patience, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        var warnings = new List<string>();
        connection.Notice += (_, args) =>
        {
            if (args.Notice.InvariantSeverity == "WARNING") warnings.Add(args.Notice.MessageText);
        };
        await ExecuteAsync(connection, "SET lock_timeout = '2s'", cancellationToken);
        var giveUpAt = DateTimeOffset.UtcNow + patience;
        foreach (var table in tables.Append("pg_catalog.pg_statistic"))
        {
            var options = table.StartsWith("pg_catalog.", StringComparison.Ordinal) ? "FULL" : "FULL, ANALYZE";
            for (var attempt = 1; ; attempt++)
            {
                var holders = await OlderSnapshotsAsync(connection, cancellationToken);
                if (holders is null)
                {
                    try
                    {
                        await ExecuteAsync(connection, $"VACUUM ({options}) {table}", cancellationToken);
                        break;
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                    {
                        holders = "an open transaction that read the table holds its lock";
                    }
                }
                if (DateTimeOffset.UtcNow > giveUpAt)
                    throw new ErasureIncompleteException($"{table} could not be rewritten within {patience.TotalSeconds:N0} s: {holders}. The erasure completes when it is run again, or at the next start.");
                if (attempt == 1) logger.LogWarning("Erasure clean-up: waiting to rewrite {Table}: {Holders}", table, holders);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        foreach (var warning in warnings)
            logger.LogWarning("Erasure clean-up: {Warning}; old statistics of the erased data may stay in the database files until PostgreSQL reuses the space", warning);
    }

    /// <summary>
    /// The sessions of this database whose snapshots began before now, so may still read row versions removed until now
    /// (pid, state, start, query); null when there are none.
    /// </summary>
    private static async Task<string?> OlderSnapshotsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH now_xid AS (SELECT pg_current_xact_id()::text::bigint AS id)
            SELECT string_agg(format('pid %s, %s since %s: %s', pid, state, to_char(xact_start, 'YYYY-MM-DD HH24:MI:SS'), left(query, 80)), '; ' ORDER BY xact_start)
            FROM pg_stat_activity, now_xid
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
              AND age(backend_xmin) >= age((now_xid.id % 4294967296)::text::xid)
            """, connection);
        var holders = await command.ExecuteScalarAsync(cancellationToken);
        return holders is string text ? $"transactions begun before the erasure may still read the old rows ({text})" : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The erasure's clean-up could not finish: its job stays pending and completes when run again.</summary>
public sealed class ErasureIncompleteException(string message) : Exception(message);
