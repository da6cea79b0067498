using EventWorkbench.Storage;
using EventWorkbench.Streams;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>What a promotion or a discard came to.</summary>
public abstract record ShadowOutcome(string Message)
{
    public sealed record Done(string Message, ShadowSummary Summary) : ShadowOutcome(Message);

    /// <summary>There is no shadow to promote or discard.</summary>
    public sealed record NoShadow(string Message) : ShadowOutcome(Message);

    /// <summary>The promotion was refused (events arrived since the build, or the daemon has not reached it yet); nothing changed.</summary>
    public sealed record Refused(string Message) : ShadowOutcome(Message);

    /// <summary>A build of the projection's shadow runs, on this node or another; nothing changed.</summary>
    public sealed record Building(string Message) : ShadowOutcome(Message);
}

/// <summary>What a discard does about a shadow build that is running.</summary>
public enum RunningShadowBuild
{
    /// <summary>Refuse (nothing changes): a person asked, and can wait for the build.</summary>
    Refuse,

    /// <summary>Cancel the build, on whichever node runs it, and drop what it made: an erasure asked.</summary>
    Cancel,
}

/// <summary>
/// Promotes a shadow (its documents replace the live ones) or discards it, each in one transaction that also appends
/// its record to <see cref="WorkbenchStreams.Projections"/>: <c>projection_rebuilt</c> for a promotion,
/// <c>projection_shadow_discarded</c> for a discard. A promotion first closes the <see cref="InlineProjectionGate"/>, so no
/// append that read the live documents before the swap writes over the promoted ones after it; then both take a lock on
/// the streams table that waits for the appends in flight and holds new ones back until it commits, so no event can slip
/// between the check that the shadow covers every event and the swap. A promotion is refused when any event arrived
/// after the shadow's position (build the shadow again: it then covers them) and, for a projection the async daemon
/// runs, while the daemon's position is not the shadow's, and while a rebuild of the projection runs. Both are
/// refused while a build of the shadow runs on any node (<see cref="ShadowBuildClaims"/>).
/// </summary>
public sealed class ShadowPromoter(IDocumentStore liveStore, NpgsqlDataSource dataSource)
{
    private const string Schema = EventStoreConfiguration.Schema;

    public async Task<ShadowOutcome> PromoteAsync(ShadowedProjection projection, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InlineProjectionGate.CloseAsync(connection, cancellationToken); // first: an append in flight holds the gate
        await ExecuteAsync(connection, $"LOCK TABLE {Schema}.mt_streams IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        if (await RunningBuildAsync(connection, projection, "promoted", cancellationToken) is { } building) return building;
        if (await RunningRebuildAsync(connection, projection, cancellationToken) is { } rebuilding) return rebuilding;
        if (await ShadowBuilds.FindAsync(connection, projection.Name, cancellationToken, forUpdate: true) is not { } summary)
            return new ShadowOutcome.NoShadow($"{projection.Name} has no shadow to promote: build one first.");

        var newer = await CountAsync(connection, $"SELECT count(*) FROM {Schema}.mt_events WHERE seq_id > {summary.BuiltThrough}", cancellationToken);
        if (newer > 0)
        {
            return new ShadowOutcome.Refused(
                $"{newer:N0} event{(newer == 1 ? "" : "s")} arrived after the shadow's position {summary.BuiltThrough:N0}: build the shadow again to cover them, then promote. Nothing was changed.");
        }
        // The daemon goes on from its own position: behind the shadow's, it would apply those events to the promoted
        // documents a second time. At it (nothing is left to do, and appends wait), it goes on from there.
        if (projection.Lifecycle == ProjectionLifecycle.Async
            && await CountAsync(connection, $"SELECT coalesce(max(last_seq_id), 0) FROM {Schema}.mt_event_progression WHERE name = '{projection.Name}:All'", cancellationToken) is var live
            && live != summary.BuiltThrough)
        {
            return new ShadowOutcome.Refused(
                $"{projection.Name}'s daemon is at {live:N0}, not yet at the shadow's position {summary.BuiltThrough:N0}: promote once it has caught up (its lag is on the projections page). Nothing was changed.");
        }

        var columns = await ColumnsAsync(connection, projection.TableName, cancellationToken);
        await using (var swap = new NpgsqlCommand($"""
            DELETE FROM {projection.LiveTable};
            INSERT INTO {projection.LiveTable} ({columns}) SELECT {columns} FROM {projection.ShadowTable};
            UPDATE {Schema}.mt_event_progression SET last_seq_id = @through, last_updated = transaction_timestamp() WHERE name = @shard;
            """, connection))
        {
            // Where Marten keeps a position for the live projection, it becomes the shadow's.
            swap.Parameters.AddWithValue("through", summary.BuiltThrough);
            swap.Parameters.AddWithValue("shard", $"{projection.Name}:All");
            await swap.ExecuteNonQueryAsync(cancellationToken);
        }
        await RecordAsync(transaction, new ProjectionRebuilt(projection.Name, by, summary.Events, summary.DurationMs), cancellationToken);
        await DropAsync(connection, projection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ShadowOutcome.Done(
            $"Promoted: the live {projection.Name} documents are now the shadow's {summary.ShadowDocuments:N0} ({summary.Added:N0} added, {summary.Removed:N0} removed, {summary.Changed:N0} changed), built from {summary.Events:N0} events.",
            summary);
    }

    /// <summary>
    /// Discards the shadow whatever it holds, as an erasure needs: a build running on any node is cancelled first and
    /// waited for (it stops, drops what it made and saves no summary), and the shadow's documents and changes are dropped
    /// even when no build finished (one that failed or whose node died may have left documents).
    /// </summary>
    public Task<ShadowOutcome> DiscardAsync(ShadowedProjection projection, string by, CancellationToken cancellationToken = default) =>
        DiscardAsync(projection, by, RunningShadowBuild.Cancel, cancellationToken);

    /// <summary>Discards the shadow; with <see cref="RunningShadowBuild.Refuse"/> (a person asking) refused while a build runs.</summary>
    public async Task<ShadowOutcome> DiscardAsync(
        ShadowedProjection projection, string by, RunningShadowBuild running, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var cancelled = running == RunningShadowBuild.Cancel && await ShadowBuildClaims.CancelAsync(dataSource, projection.Name, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"LOCK TABLE {Schema}.mt_streams IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        if (await RunningBuildAsync(connection, projection, "discarded", cancellationToken) is { } building) return building;
        if (await ShadowBuilds.FindAsync(connection, projection.Name, cancellationToken, forUpdate: true) is not { } summary)
        {
            if (running == RunningShadowBuild.Refuse) return new ShadowOutcome.NoShadow($"{projection.Name} has no shadow to discard.");
            await DropAsync(connection, projection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ShadowOutcome.NoShadow(cancelled
                ? $"Cancelled the shadow build of {projection.Name} that was running and dropped what it had made."
                : $"{projection.Name} has no shadow to discard.");
        }
        await RecordAsync(transaction, new ProjectionShadowDiscarded(projection.Name, by, summary.BuiltThrough), cancellationToken);
        await DropAsync(connection, projection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ShadowOutcome.Done($"Discarded the shadow of {projection.Name}; the live documents are as they were.", summary);
    }

    /// <summary>
    /// Takes the projection's shadow lock for the transaction (no build starts or ends meanwhile) and refuses while a
    /// build holds the projection, on any node: the shadow table is then half built.
    /// </summary>
    private static async Task<ShadowOutcome.Building?> RunningBuildAsync(
        NpgsqlConnection connection, ShadowedProjection projection, string verb, CancellationToken cancellationToken)
    {
        await ShadowBuildClaims.LockAsync(connection, projection.Name, cancellationToken);
        return await ShadowBuildClaims.FindAsync(connection, projection.Name, cancellationToken) is { Live: true } claim
            ? new ShadowOutcome.Building($"{claim.Describe()} The shadow was not {verb}; nothing was changed.")
            : null;
    }

    /// <summary>
    /// Refuses while a rebuild of the projection runs (<see cref="ProjectionRebuilds"/>, on any node: it holds its
    /// <see cref="RebuildClaim"/>): it would go on applying events over the promoted documents. Else holds that claim's
    /// lock until the promotion commits, so no rebuild starts meanwhile.
    /// </summary>
    private async Task<ShadowOutcome.Refused?> RunningRebuildAsync(
        NpgsqlConnection connection, ShadowedProjection projection, CancellationToken cancellationToken)
    {
        if (await RebuildClaim.TryHoldAsync(connection, projection.Name, cancellationToken)) return null;
        await using var session = liveStore.QuerySession();
        var job = await session.LoadAsync<RebuildJob>(projection.Name, cancellationToken);
        var who = job is { State: RebuildState.Running } ? $" (started by {job.By} on {job.Node} at {job.StartedAt:u})" : "";
        return new ShadowOutcome.Refused(
            $"A rebuild of {projection.Name} is running{who}: it would go on applying events over the promoted documents. Promote once it has ended, or cancel it on the projections page. Nothing was changed.");
    }

    private static async Task DropAsync(NpgsqlConnection connection, ShadowedProjection projection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            DELETE FROM {projection.ShadowTable};
            DELETE FROM {ShadowSchema.Changes} WHERE projection = @projection;
            DELETE FROM {ShadowSchema.Builds} WHERE projection = @projection;
            DELETE FROM {ShadowSchema.Running} WHERE projection = @projection;
            """, connection);
        command.Parameters.AddWithValue("projection", projection.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends the record at the stream's next version; the lock taken first keeps other writers out meanwhile.</summary>
    private async Task RecordAsync(NpgsqlTransaction transaction, object record, CancellationToken cancellationToken)
    {
        await using var session = liveStore.LightweightSession(SessionOptions.ForTransaction(transaction));
        var state = await session.Events.FetchStreamStateAsync(WorkbenchStreams.Projections, cancellationToken);
        var e = session.Events.BuildEvent(record);
        e.Id = Guid.CreateVersion7();
        e.UserName = record is ProjectionRebuilt rebuilt ? rebuilt.By : ((ProjectionShadowDiscarded)record).By;
        if (state is null || state.Version == 0) session.Events.StartStream(WorkbenchStreams.Projections, e);
        else session.Events.Append(WorkbenchStreams.Projections, state.Version + 1, e);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The live table's columns that the shadow table has too (the same configuration makes both, so all of them).</summary>
    private static async Task<string> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(quote_ident(l.column_name), ', ' ORDER BY l.ordinal_position)
            FROM information_schema.columns l
            JOIN information_schema.columns s ON s.table_name = l.table_name AND s.column_name = l.column_name AND s.table_schema = @shadow
            WHERE l.table_schema = @live AND l.table_name = @table
            """, connection);
        command.Parameters.AddWithValue("shadow", ShadowSchema.Name);
        command.Parameters.AddWithValue("live", Schema);
        command.Parameters.AddWithValue("table", table);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
