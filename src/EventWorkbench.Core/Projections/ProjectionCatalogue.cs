using EventWorkbench.Storage;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// Every projection registered in the store's options (inline and async, not a fixed list) with its document types
/// and count, position, the high-water mark, lag and its recent trend, its state, and its rebuild job when it has one.
/// While a rebuild runs, position and lag are the rebuild's own: the events it has done, and those left to its total.
/// </summary>
public sealed class ProjectionCatalogue(IDocumentStore store, ProjectionRebuilds rebuilds, LagTrends trends)
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";
    private const string DeadLetters = $"{EventStoreConfiguration.Schema}.mt_doc_deadletterevent";

    /// <summary>An async projection whose position has not moved for this long while behind is said to be stopped.</summary>
    public TimeSpan StoppedAfter { get; init; } = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ProjectionFigures>> ListAsync(CancellationToken cancellationToken = default)
    {
        var highWater = await ProjectionPositions.HighWaterMarkAsync(store, cancellationToken);
        var positions = await ProjectionPositions.ReadAsync(store, cancellationToken);
        var jobs = (await rebuilds.ListAsync(positions, cancellationToken)).ToDictionary(j => j.Id, StringComparer.Ordinal);
        var skipped = await SkippedAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var figures = new List<ProjectionFigures>();
        foreach (var source in RegisteredProjections.All(store))
        {
            var name = source.Name;
            var inline = source.Lifecycle == ProjectionLifecycle.Inline;
            var mine = positions.Where(p => ProjectionPositions.BelongsTo(p.Shard, name)).ToList();
            var kept = mine.Count > 0;
            jobs.TryGetValue(name, out var job);
            var rebuilding = job is { State: RebuildState.Running };
            var atHighWater = inline && !kept && !rebuilding;
            // While it rebuilds, its job (read alike by every node, its done count from the positions above) says how far it is.
            var position = rebuilding ? job!.Done : atHighWater ? highWater : kept ? mine.Min(p => p.Sequence) : 0;
            var lastMoved = kept ? mine.Max(p => p.Updated) : null;
            var lag = rebuilding ? Math.Max(0, job!.Total - job.Done) : Math.Max(0, highWater - position);
            var (state, text) = StateOf(inline, job, lag, lastMoved, now);
            skipped.TryGetValue(name, out var dead);
            // A rebuild that failed on an event names it here; any other failure is in its progress line.
            var failure = job is { State: RebuildState.Failed, FailedSequence: { } failedAt }
                ? new FailingEvent(failedAt, job.FailedEventType, job.FailedStream, job.Error ?? "failed")
                : dead.Last;
            var types = source.PublishedTypes().Distinct().ToList();
            figures.Add(new ProjectionFigures(
                name, RegisteredProjections.DescriptionOf(source), source.Lifecycle.ToString().ToLowerInvariant(), types.Select(t => t.Name).ToList(), await CountAsync(types, cancellationToken),
                position, highWater, lag, trends.Record(name, lag, now), state, text, atHighWater, failure, dead.Count,
                job is null ? null : RebuildProgress.Of(job)));
        }
        return figures;
    }

    private (ProjectionStatus, string) StateOf(bool inline, RebuildJob? job, long lag, DateTimeOffset? lastMoved, DateTimeOffset now) => job switch
    {
        { State: RebuildState.Running } => (ProjectionStatus.Rebuilding, $"rebuilding on {job.Node}"),
        { State: RebuildState.Failed } when lag > 0 => (ProjectionStatus.Failed, "its last rebuild failed; resume or rebuild it"),
        { State: RebuildState.Cancelled } when lag > 0 => (ProjectionStatus.Stopped, $"rebuild cancelled ({job.CancelReason}); resume it to finish"),
        _ when inline => (ProjectionStatus.Running, "applied with every append"),
        _ when lag == 0 => (ProjectionStatus.Running, "up to date"),
        _ when lastMoved is null || now - lastMoved > StoppedAfter => (ProjectionStatus.Stopped, "behind, and not moving: is the async daemon running?"),
        _ => (ProjectionStatus.Running, "catching up"),
    };

    private async Task<long> CountAsync(IReadOnlyList<Type> documentTypes, CancellationToken cancellationToken)
    {
        long total = 0;
        await using var connection = await ProjectionPositions.OpenAsync(store, cancellationToken);
        foreach (var type in documentTypes)
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var command = new NpgsqlCommand($"select case when to_regclass('{table}') is null then 0 else (select count(*) from {table}) end", connection);
            try
            {
                total += Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Not created yet: no documents.
            }
        }
        return total;
    }

    /// <summary>Events Marten skipped (dead letters) per projection: how many, and the last with its event's type and stream.</summary>
    private async Task<Dictionary<string, (long Count, FailingEvent? Last)>> SkippedAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (long, FailingEvent?)>(StringComparer.Ordinal);
        await using var connection = await ProjectionPositions.OpenAsync(store, cancellationToken);
        await using (var exists = new NpgsqlCommand($"select to_regclass('{DeadLetters}') is not null", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return result;
        }
        await using var command = new NpgsqlCommand($"""
            select d.data->>'projectionName', count(*) over (partition by d.data->>'projectionName'),
                   (d.data->>'eventSequence')::bigint, e.type, e.stream_id, d.data->>'exceptionMessage'
            from {DeadLetters} d left join {Events} e on e.seq_id = (d.data->>'eventSequence')::bigint
            order by (d.data->>'eventSequence')::bigint
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0)) continue;
            result[reader.GetString(0)] = (reader.GetInt64(1), new FailingEvent(
                reader.IsDBNull(2) ? 0 : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? "" : reader.GetString(5)));
        }
        return result;
    }
}
