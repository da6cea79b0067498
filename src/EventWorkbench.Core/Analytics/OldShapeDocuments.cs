using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// The start-up upgrades of async projections whose documents changed shape: where any stored document still has the
/// old shape, one statement brings them up to date, in one transaction (nothing of the log is touched).
/// </summary>
internal static class OldShapeDocuments
{
    /// <summary>
    /// Drops all of the projection's documents and its progress where any has the old shape, so the daemon folds them
    /// again from the first event (a projection is rebuildable).
    /// </summary>
    /// <param name="projection">The projection's name, whose shards' progress is dropped.</param>
    /// <returns>True when documents of the old shape were dropped.</returns>
    public static Task<bool> DropAsync(NpgsqlDataSource admin, string table, string oldShape, string projection, CancellationToken cancellationToken) =>
        ApplyAsync(admin, table, oldShape,
            $"delete from {Qualified(table)}; delete from {EventStoreConfiguration.Schema}.mt_event_progression where name like '{projection}:%'",
            cancellationToken);

    /// <param name="admin">The schema owner, after Marten's migrations.</param>
    /// <param name="table">The documents' table, without its schema.</param>
    /// <param name="oldShape">A condition on <c>data</c> that holds for a document of the old shape.</param>
    /// <param name="statement">What brings them up to date, run only where some document has the old shape.</param>
    /// <returns>True when documents of the old shape were found and the statement ran.</returns>
    public static async Task<bool> ApplyAsync(NpgsqlDataSource admin, string table, string oldShape, string statement, CancellationToken cancellationToken)
    {
        var qualified = Qualified(table);
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{qualified}') is not null and exists (select 1 from {qualified} where {oldShape})", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;

        command.CommandText = statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public static string Qualified(string table) => $"{EventStoreConfiguration.Schema}.{table}";
}
