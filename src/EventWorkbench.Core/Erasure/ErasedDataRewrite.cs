using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>
/// The erasure's clean-up: PostgreSQL keeps a changed or deleted row's old version in the table's files until the space
/// is reused, so the tables that held the data (the keys, the folded projections, the shadows) are rewritten whole with
/// <c>VACUUM FULL</c> (readers of each table wait while it is rewritten), and analysed again, since the planner's
/// statistics sample column values; then the statistics catalogue is rewritten too, which needs the database's owner or a
/// superuser (otherwise PostgreSQL skips it with a warning, logged here). Runs as the schema owner.
/// </summary>
internal static class ErasedDataRewrite
{
    public static async Task RunAsync(NpgsqlDataSource owner, IReadOnlyList<string> tables, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        var skipped = new List<string>();
        connection.Notice += (_, args) =>
        {
            if (args.Notice.Severity is "WARNING") skipped.Add(args.Notice.MessageText);
        };
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"VACUUM (FULL, ANALYZE) {table}", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var statistics = new NpgsqlCommand("VACUUM FULL pg_catalog.pg_statistic", connection) { CommandTimeout = 0 })
        {
            await statistics.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var warning in skipped)
            logger.LogWarning("Erasure clean-up: {Warning}; old statistics of the erased data may stay in the database files until PostgreSQL reuses the space", warning);
    }
}
