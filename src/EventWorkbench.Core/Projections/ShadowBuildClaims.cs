using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// A shadow build that holds its projection (<see cref="ShadowSchema.Running"/>): which build, on which node, by whom, and
/// how far it was at its last heartbeat.
/// </summary>
public sealed record ShadowBuildClaim(
    string Projection, Guid BuildId, string Node, string By, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Live, bool Cancelled,
    ShadowProgress Progress)
{
    /// <summary>What a refusal says while this build runs.</summary>
    public string Describe() => $"A shadow build of {Projection} is running (started by {By} on {Node} at {StartedAt:u}); wait for it to finish.";
}

/// <summary>
/// The shadow build running for each projection, kept in the database so every node sees it. Start, promote, discard
/// and a build's end each take the projection's lock (<see cref="LockAsync"/>) and read the claim in one transaction.
/// A running build writes its heartbeat, with its progress, every <see cref="HeartbeatEvery"/>; one not heard from for
/// <see cref="StaleAfter"/> (its node died or restarted) is not <see cref="ShadowBuildClaim.Live"/> and blocks nothing.
/// </summary>
public static class ShadowBuildClaims
{
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private const string Columns =
        "projection, build_id, node, started_by, started_at, heartbeat_at, heartbeat_at > now() - @stale, cancelled_at IS NOT NULL, stage, position, of_total";

    /// <summary>Holds the projection's shadow lock until the transaction ends.</summary>
    internal static async Task LockAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('eventworkbench-shadow:' || @projection))", connection);
        command.Parameters.AddWithValue("projection", projection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<ShadowBuildClaim?> FindAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, projection, cancellationToken);
    }

    internal static async Task<ShadowBuildClaim?> FindAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {ShadowSchema.Running} WHERE projection = @projection", connection);
        command.Parameters.AddWithValue("projection", projection);
        command.Parameters.AddWithValue("stale", StaleAfter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ShadowBuildClaim(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6), reader.GetBoolean(7),
            new ShadowProgress(reader.GetString(8), reader.GetInt64(9), reader.GetInt64(10)));
    }

    /// <summary>
    /// Claims the projection for a new build, or null while a live build holds it. The last build's summary and changes
    /// go in the same transaction, before the build empties the shadow table: nothing then shows, or promotes, a shadow
    /// half built, whether the new build ends, fails or its node dies.
    /// </summary>
    public static async Task<ShadowBuildClaim?> TryClaimAsync(NpgsqlDataSource dataSource, string projection, string by, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, projection, cancellationToken);
        if (await FindAsync(connection, projection, cancellationToken) is { Live: true }) return null;
        await using (var command = new NpgsqlCommand($"""
            DELETE FROM {ShadowSchema.Builds} WHERE projection = @projection;
            DELETE FROM {ShadowSchema.Changes} WHERE projection = @projection;
            DELETE FROM {ShadowSchema.Running} WHERE projection = @projection;
            INSERT INTO {ShadowSchema.Running} (projection, build_id, node, started_by, started_at, heartbeat_at)
                VALUES (@projection, @id, @node, @by, now(), now());
            """, connection))
        {
            command.Parameters.AddWithValue("projection", projection);
            command.Parameters.AddWithValue("id", Guid.CreateVersion7());
            command.Parameters.AddWithValue("node", ThisNode.Name);
            command.Parameters.AddWithValue("by", by);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var claim = await FindAsync(connection, projection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    /// <summary>Writes the build's heartbeat and progress; false once its claim was cancelled (a discard) or taken over.</summary>
    internal static async Task<bool> BeatAsync(NpgsqlDataSource dataSource, ShadowBuildClaim claim, ShadowProgress progress, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE {ShadowSchema.Running} SET heartbeat_at = now(), stage = @stage, position = @position, of_total = @of
            WHERE projection = @projection AND build_id = @id AND cancelled_at IS NULL
            """);
        command.Parameters.AddWithValue("projection", claim.Projection);
        command.Parameters.AddWithValue("id", claim.BuildId);
        command.Parameters.AddWithValue("stage", progress.Stage);
        command.Parameters.AddWithValue("position", progress.Position);
        command.Parameters.AddWithValue("of", progress.Of);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Ends a build that got through: <paramref name="save"/> runs and the claim goes in one transaction, only while the
    /// claim is still this build's and not cancelled. Else the build's documents and changes are dropped (unless another
    /// build holds the projection now) and nothing is saved; false.
    /// </summary>
    internal static async Task<bool> FinishAsync(
        NpgsqlDataSource dataSource, ShadowedProjection projection, ShadowBuildClaim claim, Func<NpgsqlConnection, Task> save, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, projection.Name, cancellationToken);
        var current = await FindAsync(connection, projection.Name, cancellationToken);
        var ours = current is { Cancelled: false } && current.BuildId == claim.BuildId;
        if (ours) await save(connection);
        else await DropUnlessClaimedAsync(connection, projection, claim, current, cancellationToken);
        await DeleteAsync(connection, claim, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ours;
    }

    /// <summary>Lets go of the claim of a build that failed or stopped; what a cancelled one made is dropped.</summary>
    internal static async Task ReleaseAsync(NpgsqlDataSource dataSource, ShadowedProjection projection, ShadowBuildClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, projection.Name, cancellationToken);
        var current = await FindAsync(connection, projection.Name, cancellationToken);
        if (current is not null && current.BuildId != claim.BuildId) return; // another build holds the projection now
        if (current is null or { Cancelled: true }) await DropUnlessClaimedAsync(connection, projection, claim, current, cancellationToken);
        await DeleteAsync(connection, claim, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Asks the projection's running build to stop (on whichever node runs it) and waits until it has let go of its
    /// claim, or stopped beating; true when there was one to stop.
    /// </summary>
    internal static async Task<bool> CancelAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(
            $"UPDATE {ShadowSchema.Running} SET cancelled_at = coalesce(cancelled_at, now()) WHERE projection = @projection"))
        {
            command.Parameters.AddWithValue("projection", projection);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        }
        while (await FindAsync(dataSource, projection, cancellationToken) is { Live: true })
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        return true;
    }

    private static async Task DropUnlessClaimedAsync(
        NpgsqlConnection connection, ShadowedProjection projection, ShadowBuildClaim claim, ShadowBuildClaim? current, CancellationToken cancellationToken)
    {
        if (current is not null && current.BuildId != claim.BuildId) return;
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {projection.ShadowTable}; DELETE FROM {ShadowSchema.Changes} WHERE projection = @projection", connection);
        command.Parameters.AddWithValue("projection", projection.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, ShadowBuildClaim claim, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"DELETE FROM {ShadowSchema.Running} WHERE projection = @projection AND build_id = @id", connection);
        command.Parameters.AddWithValue("projection", claim.Projection);
        command.Parameters.AddWithValue("id", claim.BuildId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
