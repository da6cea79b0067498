using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// <see cref="ReviewerActivity"/> was once one document per person holding all their days; it is one per person and day
/// now. A store still holding the old shape has its reviewer documents and their progress dropped at start-up, so the
/// daemon folds them again from the first event (a projection is rebuildable; nothing of the log is touched).
/// </summary>
public static class ReviewerActivityUpgrade
{
    private static readonly string Table = $"{EventStoreConfiguration.Schema}.mt_doc_revieweractivity";

    /// <summary>Run as the schema owner after Marten's migrations; true when documents of the old shape were dropped.</summary>
    public static async Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{Table}') is not null and exists (select 1 from {Table} where not data ? 'day')", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;

        command.CommandText =
            $"delete from {Table}; " +
            $"delete from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{nameof(ReviewerActivity)}:%'";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
