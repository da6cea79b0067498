using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Audit;

/// <summary>
/// Recomputes the digest chain and compares the stored log with what was sealed, in one pass in sequence order:
/// each event against its per-event digest (naming the exact sequence rewritten, back-dated, deleted or inserted),
/// each seal's per-event digests and events against the digests the seal holds (naming the seal's range when an event
/// and its digest were both rewritten), and each seal against the one before it.
/// </summary>
public sealed class LogVerifier(SealLog seals, NpgsqlDataSource dataSource)
{
    public const int MaxProblems = 100;
    private const int ProgressEvery = 10_000;

    public async Task<SealVerdict> VerifyAsync(IProgress<VerifyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var all = await seals.ListAsync(cancellationToken);
        var problems = new List<SealProblem>();
        var chained = CheckChain(all, problems);
        var sealedThrough = all.Count == 0 ? 0 : all.Max(s => s.ToSequence);

        using var pass = new Pass(chained, problems);
        await using (var events = CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(1, sealedThrough), cancellationToken).GetAsyncEnumerator(cancellationToken))
        await using (var digests = ReadDigestsAsync(sealedThrough, cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            var hasEvent = await events.MoveNextAsync();
            var hasDigest = await digests.MoveNextAsync();
            while (hasEvent || hasDigest)
            {
                var sequence = Math.Min(hasEvent ? events.Current.Sequence : long.MaxValue, hasDigest ? digests.Current.Sequence : long.MaxValue);
                var row = hasEvent && events.Current.Sequence == sequence ? events.Current : null;
                var digest = hasDigest && digests.Current.Sequence == sequence ? digests.Current : null;
                pass.Add(sequence, row, digest);
                if (row is not null) hasEvent = await events.MoveNextAsync();
                if (digest is not null) hasDigest = await digests.MoveNextAsync();
                if (pass.EventsChecked % ProgressEvery == 0) progress?.Report(new VerifyProgress(sequence, sealedThrough));
            }
        }
        pass.Finish();
        progress?.Report(new VerifyProgress(sealedThrough, sealedThrough));

        var ordered = problems.OrderBy(p => p.Sequence).Take(MaxProblems).ToList();
        return new SealVerdict(
            ordered.Count == 0, all.Count, sealedThrough, pass.EventsChecked, await CountAfterAsync(sealedThrough, cancellationToken),
            ordered.FirstOrDefault(), ordered, clock.ElapsedMilliseconds);
    }

    /// <summary>Checks each seal against the one before it; returns the leading seals whose ranges follow on without a break.</summary>
    private static List<Seal> CheckChain(IReadOnlyList<Seal> all, List<SealProblem> problems)
    {
        var chained = new List<Seal>();
        var previousChain = ChainDigest.Genesis;
        long previousEnd = 0;
        var contiguous = true;
        foreach (var seal in all)
        {
            string? wrong = null;
            if (seal.FromSequence != previousEnd + 1 || seal.ToSequence < seal.FromSequence)
                wrong = $"seal {seal.Number} covers {seal.FromSequence}..{seal.ToSequence}, but the seal before it ended at {previousEnd}";
            else if (!ChainDigest.IsSha256Hex(seal.SegmentSha256) || !ChainDigest.IsSha256Hex(seal.PreviousChainSha256) || !ChainDigest.IsSha256Hex(seal.ChainSha256))
                wrong = $"seal {seal.Number} holds a digest that is not a SHA-256";
            else if (!string.Equals(seal.PreviousChainSha256, previousChain, StringComparison.OrdinalIgnoreCase))
                wrong = $"seal {seal.Number} names {seal.PreviousChainSha256} as the chain digest before it, but the seal before it holds {previousChain}";
            else if (!string.Equals(ChainDigest.Of(previousChain, seal.SegmentSha256, seal.FromSequence, seal.ToSequence), seal.ChainSha256, StringComparison.OrdinalIgnoreCase))
                wrong = $"seal {seal.Number}'s chain digest does not recompute from the seal before it, its segment digest and its range";

            if (wrong is not null) problems.Add(new SealProblem(seal.FromSequence, SealProblemKinds.ChainBroken, seal.Number, wrong));
            contiguous &= seal.FromSequence == previousEnd + 1 && seal.ToSequence >= seal.FromSequence;
            if (contiguous) chained.Add(seal);
            previousChain = seal.ChainSha256;
            previousEnd = Math.Max(previousEnd, seal.ToSequence);
        }
        return chained;
    }

    private async IAsyncEnumerable<SealedEvent> ReadDigestsAsync(long through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id, sha256, sealed_timestamp from {SealedEventsTable.QualifiedName} where seq_id <= @through order by seq_id");
        command.Parameters.AddWithValue("through", through);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new SealedEvent(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetString(2));
        }
    }

    private async Task<long> CountAfterAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select count(*) from {EventStoreConfiguration.Schema}.mt_events where seq_id > @after");
        command.Parameters.AddWithValue("after", sequence);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The state of one pass: the seal whose range is being read, and its running digests.</summary>
    private sealed class Pass(List<Seal> chained, List<SealProblem> problems) : IDisposable
    {
        private int _seal;
        private int _eventProblemsInSeal;
        private CanonicalEvents.Digest _segment = new();
        private SealedEvent.TableDigest _table = new();

        public long EventsChecked { get; private set; }

        public void Add(long sequence, CanonicalEvents.Row? row, SealedEvent? digest)
        {
            CloseSealsBefore(sequence);
            var seal = _seal < chained.Count && chained[_seal].FromSequence <= sequence ? chained[_seal].Number : 0;
            if (row is not null)
            {
                EventsChecked++;
                _segment.Add(row);
            }
            if (digest is not null) _table.Add(digest);

            if (row is null && digest is not null)
                ReportEvent(new SealProblem(sequence, SealProblemKinds.Deleted, seal, $"sequence {sequence} was sealed and is no longer in the log"));
            else if (row is not null && digest is null)
                ReportEvent(new SealProblem(sequence, SealProblemKinds.Inserted, seal,
                    $"sequence {sequence} ({row.Type} on {row.StreamId}, version {row.Version}) is inside a sealed range but was not sealed"));
            else if (row is not null && digest is not null && !SHA256.HashData(row.Bytes).AsSpan().SequenceEqual(digest.Sha256))
            {
                var now = SealedEvent.TimestampOf(row.Bytes);
                ReportEvent(now != digest.Timestamp
                    ? new SealProblem(sequence, SealProblemKinds.BackDated, seal,
                        $"sequence {sequence} ({row.Type} on {row.StreamId}) now has the timestamp {now}; it was sealed with {digest.Timestamp}")
                    : new SealProblem(sequence, SealProblemKinds.Rewritten, seal,
                        $"sequence {sequence} ({row.Type} on {row.StreamId}, version {row.Version}) differs from the bytes sealed"));
            }
        }

        public void Finish() => CloseSealsBefore(long.MaxValue);

        public void Dispose()
        {
            _segment.Dispose();
            _table.Dispose();
        }

        private void CloseSealsBefore(long sequence)
        {
            while (_seal < chained.Count && chained[_seal].ToSequence < sequence)
            {
                var seal = chained[_seal];
                var range = $"seal {seal.Number} (sequences {seal.FromSequence}..{seal.ToSequence})";
                if (!string.Equals(_table.Hex(), seal.EventDigestsSha256, StringComparison.OrdinalIgnoreCase))
                    Report(new SealProblem(seal.FromSequence, SealProblemKinds.DigestsRewritten, seal.Number,
                        $"the per-event digests kept for {range} no longer match the seal: an event in this range and its digest were both changed, or the digests were"));
                // An event named above already explains a segment that no longer hashes to the seal.
                if (_eventProblemsInSeal == 0 && (_segment.Count != seal.EventCount || !string.Equals(_segment.Hex(), seal.SegmentSha256, StringComparison.OrdinalIgnoreCase)))
                    Report(new SealProblem(seal.FromSequence, SealProblemKinds.SegmentDiffers, seal.Number,
                        $"the events of {range} no longer hash to the seal's segment digest ({_segment.Count:N0} events now, {seal.EventCount:N0} sealed)"));
                _segment.Dispose();
                _table.Dispose();
                _segment = new CanonicalEvents.Digest();
                _table = new SealedEvent.TableDigest();
                _eventProblemsInSeal = 0;
                _seal++;
            }
        }

        private void ReportEvent(SealProblem problem)
        {
            _eventProblemsInSeal++;
            Report(problem);
        }

        private void Report(SealProblem problem)
        {
            if (problems.Count < MaxProblems * 10) problems.Add(problem);
        }
    }
}
