using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;

namespace EventWorkbench.Audit;

/// <summary>
/// Seals the events appended since the last seal: reads their canonical bytes, digests them, and in one transaction
/// appends a <see cref="LogSealed"/> to <see cref="WorkbenchStreams.Seals"/> at the version after the last seal and
/// copies the per-event digests into <see cref="SealedEventsTable"/>. Two sealers of the same range both read the same
/// version; the second append finds it moved and is refused, so a range is sealed once (<see cref="SealOutcome.AlreadySealed"/>).
/// </summary>
public sealed class LogSealer(IDocumentStore store, NpgsqlDataSource dataSource)
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    /// <summary>At most this many events go into one seal; more unsealed events make several seals in a row.</summary>
    public int MaxEventsPerSeal { get; init; } = 100_000;

    /// <summary>How long to wait for transactions that were open when the range was chosen (they may still add events to it).</summary>
    public TimeSpan OpenTransactionWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seals every event appended so far that no seal covers yet.</summary>
    public async Task<SealOutcome> SealAsync(string by, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        long sealThrough;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            sealThrough = await SettledPosition.ReadAsync(connection, OpenTransactionWait, "the seal", cancellationToken);
        var seals = new List<Seal>();
        long eventsSealed = 0;
        while (true)
        {
            await using var query = store.QuerySession();
            var (last, version) = await SealLog.LastAsync(query, cancellationToken);
            var from = (last?.ToSequence ?? 0) + 1;
            if (from > sealThrough || (seals.Count == 0 && !await AnythingButSealsAsync(from, sealThrough, cancellationToken)))
            {
                return seals.Count > 0 ? new SealOutcome.Sealed(seals) : new SealOutcome.NothingNew(last?.ToSequence ?? 0);
            }
            var to = await SegmentEndAsync(from, sealThrough, cancellationToken);
            var segment = await ReadSegmentAsync(from, to, cancellationToken);
            var seal = await AppendAsync(last, version, segment, by, cancellationToken);
            if (seal is null)
            {
                return seals.Count > 0 ? new SealOutcome.Sealed(seals) : new SealOutcome.AlreadySealed(version + 1);
            }
            seals.Add(seal);
            eventsSealed += seal.EventCount;
            progress?.Report(eventsSealed);
        }
    }

    private sealed record Segment(long From, long To, long Count, string SegmentSha256, string EventDigestsSha256, List<SealedEvent> Rows);

    /// <summary>Whether anything but seals was appended in the range: a seal alone is not sealed again until more comes.</summary>
    private async Task<bool> AnythingButSealsAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select exists (select 1 from {Events} where seq_id between @from and @to and stream_id <> @seals)");
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("seals", WorkbenchStreams.Seals);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<long> SegmentEndAsync(long from, long sealThrough, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id from {Events} where seq_id between @from and @to order by seq_id offset @skip limit 1");
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", sealThrough);
        command.Parameters.AddWithValue("skip", (long)MaxEventsPerSeal - 1);
        return await command.ExecuteScalarAsync(cancellationToken) is long end ? end : sealThrough;
    }

    private async Task<Segment> ReadSegmentAsync(long from, long to, CancellationToken cancellationToken)
    {
        using var segment = new CanonicalEvents.Digest();
        using var table = new SealedEvent.TableDigest();
        var rows = new List<SealedEvent>();
        await foreach (var row in CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(from, to), cancellationToken))
        {
            segment.Add(row);
            var digest = SealedEvent.Of(row);
            table.Add(digest);
            rows.Add(digest);
        }
        return new Segment(from, to, segment.Count, segment.Hex(), table.Hex(), rows);
    }

    /// <summary>Appends the seal and its per-event digests in one transaction; null when another sealer got there first.</summary>
    private async Task<Seal?> AppendAsync(Seal? last, long version, Segment segment, string by, CancellationToken cancellationToken)
    {
        var previousChain = last?.ChainSha256 ?? ChainDigest.Genesis;
        var logged = new LogSealed(
            segment.From, segment.To, segment.Count, segment.SegmentSha256, segment.EventDigestsSha256, previousChain,
            ChainDigest.Of(previousChain, segment.SegmentSha256, segment.From, segment.To), by, MicrosecondClock.Instance.GetUtcNow());

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long sequence;
        try
        {
            await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
            var e = session.Events.BuildEvent(logged);
            e.Id = Guid.CreateVersion7();
            e.UserName = by;
            if (version == 0) session.Events.StartStream(WorkbenchStreams.Seals, e);
            else session.Events.Append(WorkbenchStreams.Seals, version + 1, e);
            await session.SaveChangesAsync(cancellationToken);
            sequence = e.Sequence;
        }
        catch (Exception ex) when (EventAppender.IsVersionConflict(ex))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return null;
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            $"COPY {SealedEventsTable.QualifiedName} (seq_id, sha256, sealed_timestamp) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in segment.Rows)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(row.Sha256, NpgsqlDbType.Bytea, cancellationToken);
                await import.WriteAsync(row.Timestamp, NpgsqlDbType.Text, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Seal.Of(version + 1, sequence, logged);
    }
}
