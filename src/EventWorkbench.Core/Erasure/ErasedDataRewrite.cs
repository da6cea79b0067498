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
/// in the database has ended, and every transaction that writes anywhere on the server and began before the rewrite
/// (the rewrite's own snapshot reaches back to the oldest of those: a <c>CREATE DATABASE</c> copying a template next
/// door is enough to keep the old rows). It gives up on a table's lock after a moment (an open transaction that read
/// the table holds it, and every reader after would queue behind the rewrite) and tries again. A rewrite that still
/// kept dead row versions is done again: PostgreSQL counts them, and the waits cannot see every holder (a prepared
/// transaction, a replication slot, a session of another role that an owner who is not a superuser may not inspect).
/// If <c>patience</c> runs out, the erasure stays pending. Runs as the schema owner.
/// </summary>
internal static class ErasedDataRewrite
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(
        NpgsqlDataSource owner, IReadOnlyList<string> tables, ILogger logger, TimeSpan patience, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        var warnings = new List<string>();
        long deadKept = 0;
        connection.Notice += (_, args) =>
        {
            if (args.Notice.InvariantSeverity == "WARNING") warnings.Add(args.Notice.MessageText);
            if (args.Notice.InvariantSeverity == "INFO" && DeadRowVersionsKept(args.Notice.Detail) is { } kept) deadKept += kept;
        };
        await ExecuteAsync(connection, "SET lock_timeout = '2s'", cancellationToken);
        var giveUpAt = DateTimeOffset.UtcNow + patience;
        long startedBefore;
        await using (var next = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection))
            startedBefore = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        foreach (var table in tables.Append("pg_catalog.pg_statistic"))
        {
            var options = table.StartsWith("pg_catalog.", StringComparison.Ordinal) ? "FULL, VERBOSE" : "FULL, ANALYZE, VERBOSE";
            for (var attempt = 1; ; attempt++)
            {
                var holders = await OlderSnapshotsAsync(connection, startedBefore, cancellationToken);
                if (holders is null)
                {
                    try
                    {
                        deadKept = 0;
                        await ExecuteAsync(connection, $"VACUUM ({options}) {table}", cancellationToken);
                        if (deadKept == 0) break;
                        holders = $"{deadKept} dead row versions were kept for transactions that may still read them";
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                    {
                        holders = "an open transaction that read the table holds its lock";
                    }
                }
                if (DateTimeOffset.UtcNow > giveUpAt)
                    throw new ErasureIncompleteException($"{table} could not be rewritten within {patience.TotalSeconds:N0} s: {holders}. The erasure completes when it is run again, or at the next start.");
                if (attempt == 1) logger.LogWarning("Erasure clean-up: waiting to rewrite {Table}: {Holders}", table, holders);
                // A rewrite that kept rows is a whole table's work: the next one waits longer than a check does.
                await Task.Delay(TimeSpan.FromSeconds(deadKept > 0 ? 10 : 1), cancellationToken);
            }
        }
        foreach (var warning in warnings)
            logger.LogWarning("Erasure clean-up: {Warning}; old statistics of the erased data may stay in the database files until PostgreSQL reuses the space", warning);
    }

    /// <summary>
    /// The count in a rewrite's report of the dead row versions it had to keep ("3 dead row versions cannot be removed
    /// yet."), or null for any other report.
    /// </summary>
    internal static long? DeadRowVersionsKept(string? detail)
    {
        var match = detail is null ? null : System.Text.RegularExpressions.Regex.Match(detail, @"^(\d+) dead row versions cannot be removed yet");
        return match is { Success: true } ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The sessions of this database whose snapshots began before now, so may still read row versions removed until now
    /// (pid, state, start, query), or that a transaction numbered before <paramref name="startedBefore"/> still runs
    /// somewhere on the server; null when there are none.
    /// </summary>
    private static async Task<string?> OlderSnapshotsAsync(NpgsqlConnection connection, long startedBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH now_xid AS (SELECT pg_current_xact_id()::text::bigint AS id)
            SELECT string_agg(format('pid %s, %s since %s: %s', pid, state, to_char(xact_start, 'YYYY-MM-DD HH24:MI:SS'), left(query, 80)), '; ' ORDER BY xact_start)
            FROM pg_stat_activity, now_xid
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
              AND age(backend_xmin) >= age((now_xid.id % 4294967296)::text::xid)
            """, connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is string holders)
            return $"transactions begun before the erasure may still read the old rows ({holders})";
        await using var running = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", connection);
        return (long)(await running.ExecuteScalarAsync(cancellationToken))! < startedBefore
            ? "a transaction begun before the rewrite still runs on the server (perhaps in another database), so the rewrite would have to keep the old rows"
            : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The erasure's clean-up could not finish: its job stays pending and completes when run again.</summary>
public sealed class ErasureIncompleteException(string message) : Exception(message);
