using Marten;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// Who rebuilds a projection: a PostgreSQL advisory lock held on its own connection for as long as the rebuild runs,
/// so across every app node one rebuild of a projection runs at a time, and a node that dies lets go of it.
/// </summary>
internal sealed class RebuildClaim : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private RebuildClaim(NpgsqlConnection connection, string key) => (_connection, _key) = (connection, key);

    public static async Task<RebuildClaim?> TryTakeAsync(IDocumentStore store, string projection, CancellationToken cancellationToken)
    {
        var key = KeyOf(projection);
        var connection = await ProjectionPositions.OpenAsync(store, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@key))", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true) return new RebuildClaim(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Takes the projection's claim until the connection's open transaction ends, so no rebuild of it starts meanwhile;
    /// false, taking nothing, while a rebuild of it runs.
    /// </summary>
    internal static async Task<bool> TryHoldAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken)
    {
        await using var command = HoldCommand("pg_try_advisory_xact_lock", connection, projection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>As <see cref="TryHoldAsync"/>, waiting for a running rebuild of the projection to end first.</summary>
    internal static async Task HoldAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken)
    {
        await using var command = HoldCommand("pg_advisory_xact_lock", connection, projection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand HoldCommand(string function, NpgsqlConnection connection, string projection) =>
        new($"select {function}(hashtext(@key))", connection) { Parameters = { new("key", KeyOf(projection)) } };

    /// <summary>The advisory lock's key: whoever cannot take it while a transaction runs knows a rebuild of the projection runs.</summary>
    internal static string KeyOf(string projection) => "eventworkbench-rebuild:" + projection;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(hashtext(@key))", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the lock with it.
        }
        await _connection.DisposeAsync();
    }
}
