using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// The start-up upgrade of an async projection whose documents changed shape: where any stored document still has the old
/// shape, all of them and the projection's progress are dropped, so the daemon folds them again from the first event (a
/// projection is rebuildable; nothing of the log is touched).
/// </summary>
internal static class OldShapeDocuments
{
    /// <param name="admin">The schema owner, after Marten's migrations.</param>
    /// <param name="table">The documents' table, without its schema.</param>
    /// <param name="oldShape">A condition on <c>data</c> that holds for a document of the old shape.</param>
    /// <param name="projection">The projection's name, whose shards' progress is dropped.</param>
    /// <returns>True when documents of the old shape were dropped.</returns>
    public static async Task<bool> DropAsync(NpgsqlDataSource admin, string table, string oldShape, string projection, CancellationToken cancellationToken)
    {
        var qualified = $"{EventStoreConfiguration.Schema}.{table}";
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{qualified}') is not null and exists (select 1 from {qualified} where {oldShape})", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;

        command.CommandText =
            $"delete from {qualified}; " +
            $"delete from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{projection}:%'";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
