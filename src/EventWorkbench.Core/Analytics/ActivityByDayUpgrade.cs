using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// <see cref="ActivityByDay"/> once counted each event under its stream's product as of that event; it counts every event
/// of a stream under the product as corrected now, moving the counted events when a correction changes it. A store still
/// holding documents counted the old way (without <see cref="ActivityByDay.ProductAsCorrected"/>) has them and their
/// progress dropped at start-up, so the daemon folds them again from the first event (nothing of the log is touched).
/// </summary>
public static class ActivityByDayUpgrade
{
    private static readonly string Table = $"{EventStoreConfiguration.Schema}.mt_doc_activitybyday";

    /// <summary>Run as the schema owner after Marten's migrations; true when documents counted the old way were dropped.</summary>
    public static async Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{Table}') is not null and exists (select 1 from {Table} where not data ? 'productAsCorrected')", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;

        command.CommandText =
            $"delete from {Table}; " +
            $"delete from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{nameof(ActivityByDay)}:%'";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
