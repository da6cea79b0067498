using System.Diagnostics;
using System.Threading.Channels;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Demo;

public sealed record SummaryRebuildResult(long Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 0.001);
}

public sealed record SyntheticSeedResult(long Events, long Streams, long FirstStreamNumber, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 0.001);
}

/// <summary>
/// Writes <see cref="SyntheticStreams"/> with Marten's bulk append (binary COPY into the events table, several
/// transactions in flight), then brings the <see cref="InteractionSummary"/> projection up to date by rebuilding it
/// through the projection daemon, since the bulk path runs no inline projections. For benchmark stores, not for
/// production data: it skips the validated append path (the generator only emits events that pass it).
/// </summary>
public sealed class SyntheticSeeder(IDocumentStore store)
{
    /// <summary>Events per bulk transaction: large enough to amortise the round trips, small enough to show progress.</summary>
    public int EventsPerTransaction { get; init; } = 20_000;

    /// <summary>
    /// Whether personal fields are sealed with their subjects' keys, as the append path does; off only for a baseline that
    /// measures what sealing costs (the benchmark).
    /// </summary>
    public bool SealsPersonalData { get; init; } = true;

    /// <summary>Transactions in flight at once; while one COPY waits on the server the next one is being encoded.</summary>
    public int Writers { get; init; } = 2;

    public async Task<SyntheticSeedResult> WriteAsync(long events, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        var firstNumber = await NextStreamNumberAsync(cancellationToken);
        var registry = (IEventRegistry)store.Options.Events;
        var clock = Stopwatch.StartNew();
        var chunks = Channel.CreateBounded<(List<StreamAction> Streams, List<Erasure.PersonalTextRow> Texts)>(Writers);
        long written = 0, streams = 0;

        var subjects = new Erasure.EventSubjects(store);
        var producer = Task.Run(async () =>
        {
            try
            {
                var chunk = new List<StreamAction>();
                var texts = new List<Erasure.PersonalTextRow>();
                var chunkEvents = 0;
                foreach (var stream in SyntheticStreams.ForEvents(firstNumber, events))
                {
                    var action = ToStreamAction(registry, stream);
                    if (SealsPersonalData) texts.AddRange((await subjects.MarkAsync(stream.StreamId, action.Events, null, cancellationToken)).Texts);
                    chunk.Add(action);
                    chunkEvents += stream.Events.Count;
                    streams++;
                    if (chunkEvents < EventsPerTransaction) continue;
                    await chunks.Writer.WriteAsync((chunk, texts), cancellationToken);
                    (chunk, texts, chunkEvents) = ([], [], 0);
                }
                if (chunk.Count > 0) await chunks.Writer.WriteAsync((chunk, texts), cancellationToken);
                chunks.Writer.Complete();
            }
            catch (Exception ex)
            {
                chunks.Writer.Complete(ex);
                throw;
            }
        }, cancellationToken);

        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            await foreach (var (chunk, texts) in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var count = chunk.Sum(s => s.Events.Count);
                await store.BulkInsertEventsAsync(chunk, batchSize: count, cancellationToken);
                await Erasure.PersonalText.CopyAsync(store, texts, cancellationToken);
                var total = Interlocked.Add(ref written, count); // not inside progress?.Report(...): without a progress it would not run
                progress?.Report(total);
            }
        }, cancellationToken)).ToList();

        await Task.WhenAll([producer, .. writers]);
        return new SyntheticSeedResult(written, streams, firstNumber, clock.Elapsed);
    }

    /// <summary>
    /// Bulk appends run no inline projection: rebuilds <see cref="InteractionSummaryProjection"/>, then
    /// <see cref="Review.ProposalReviewProjection"/>, from every event; reports (processed, highest) sequences of each in turn.
    /// </summary>
    public async Task<SummaryRebuildResult> RebuildSummariesAsync(
        IProgress<(long Sequence, long HighWater)>? progress = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var (events, highWater) = await EventCountAndHighestSequenceAsync(cancellationToken);
        await RebuildOneAsync<InteractionSummaryProjection>(highWater, progress, logger, cancellationToken);
        await RebuildOneAsync<Review.ProposalReviewProjection>(highWater, progress, logger, cancellationToken);
        return new SummaryRebuildResult(events, clock.Elapsed);
    }

    // One daemon per projection: a second rebuild on the same daemon instance wrote no documents (Marten 9.58).
    private async Task RebuildOneAsync<TProjection>(
        long highWater, IProgress<(long Sequence, long HighWater)>? progress, ILogger? logger, CancellationToken cancellationToken)
    {
        using var daemon = await store.BuildProjectionDaemonAsync(logger: logger);
        using var subscription = daemon.Tracker.Subscribe(new ShardObserver(state =>
        {
            if (state.ShardName != ShardState.HighWaterMark && state.Sequence > 0)
                progress?.Report((state.Sequence, highWater));
        }));
        await daemon.RebuildProjectionAsync<TProjection>(TimeSpan.FromHours(2), cancellationToken);
        progress?.Report((highWater, highWater));
    }

    public static StreamAction ToStreamAction(IEventRegistry registry, SyntheticStream stream)
    {
        var action = StreamAction.Start(registry, stream.StreamId, stream.Events.Select(e => e.Data).ToArray());
        for (var i = 0; i < stream.Events.Count; i++)
        {
            var source = stream.Events[i];
            var e = action.Events[i];
            e.Id = source.Id;
            e.Timestamp = source.Timestamp;
            e.UserName = source.Actor;
            e.CorrelationId = stream.StreamId;
            e.CausationId = source.CausationId;
            e.SetHeader(EventAppender.SourceHeader, "seed");
        }
        return action;
    }

    /// <summary>Synthetic streams continue after the highest one already stored, so a second run adds rather than collides.</summary>
    private async Task<long> NextStreamNumberAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select coalesce(max(substring(id from {SyntheticStreams.Prefix.Length + 1})::bigint), 0) from {schema}.mt_streams where id like '{SyntheticStreams.Prefix}%'",
            connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! + 1;
    }

    private async Task<(long Count, long Highest)> EventCountAndHighestSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select count(*), coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed class ShardObserver(Action<ShardState> onNext) : IObserver<ShardState>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(ShardState value) => onNext(value);
    }
}
