using System.Security.Cryptography;
using System.Text.Json;
using EventWorkbench.Audit;
using EventWorkbench.Erasure;
using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;
using EventWorkbench.Why;
using Marten;
using Npgsql;

namespace EventWorkbench.Evidence;

/// <summary>
/// Builds evidence packs: the events of a scope read with <see cref="CanonicalEvents"/> (so the bundle holds exactly the
/// bytes a digest covers), their readable metadata and data taken from those same columns, the state timeline folded by
/// <see cref="HistoryFold"/>, the proposals' deltas, and the SHA-256 digest over the sequence. An event's sealed personal
/// fields are also given opened, beside the stored data the digest covers.
/// </summary>
public sealed class EvidencePacks(IDocumentStore store, NpgsqlDataSource dataSource, WhyQueries why, TimeProvider clock)
{
    /// <summary>The pack of a scope; null when the scope has no event (an unknown stream, proposal or correlation id).</summary>
    public async Task<EvidenceBundle?> BuildAsync(EvidenceScope scope, string? generatedBy, CancellationToken cancellationToken = default)
    {
        var (rows, chain) = await RowsAsync(scope, cancellationToken);
        if (rows.Count == 0) return null;
        var opener = (PersonalDataSerializer)store.Options.Serializer();
        var events = rows.Select(row => ToEvidence(row, opener)).ToList();
        var (timeline, deltas) = await TimelineAsync(events, chain, cancellationToken);
        return new EvidenceBundle(EvidenceBundle.FormatName, scope, clock.GetUtcNow(), generatedBy, DigestOf(rows), events, timeline, deltas);
    }

    /// <summary>
    /// The store's events of a scope in sequence order: a stream's or a correlation id's events, or a proposal's causal
    /// chain (its stream's events in the chain and the linked events of other streams).
    /// </summary>
    public async Task<(IReadOnlyList<CanonicalEvents.Row> Rows, CausalChain? Chain)> RowsAsync(EvidenceScope scope, CancellationToken cancellationToken = default)
    {
        switch (scope.Kind)
        {
            case EvidenceScopeKind.Stream:
                return (await CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(StreamId: scope.StreamId), cancellationToken).ToListAsync(cancellationToken), null);
            case EvidenceScopeKind.Correlation:
                return (await CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(CorrelationId: scope.CorrelationId), cancellationToken).ToListAsync(cancellationToken), null);
            default:
                if (await why.ChainAsync(scope.StreamId!, scope.ProposalId!, cancellationToken) is not { } chain) return ([], null);
                var inChain = chain.Steps.Select(s => s.Event.Sequence).ToHashSet();
                var rows = await CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(StreamId: scope.StreamId), cancellationToken)
                    .Where(row => inChain.Contains(row.Sequence)).ToListAsync(cancellationToken);
                foreach (var linked in chain.Linked)
                {
                    var sequence = linked.Event.Sequence;
                    rows.AddRange(await CanonicalEvents.ReadAsync(dataSource, new CanonicalEvents.Selection(sequence, sequence), cancellationToken).ToListAsync(cancellationToken));
                }
                return (rows.OrderBy(row => row.Sequence).ToList(), chain);
        }
    }

    /// <summary>The digest over rows in their order.</summary>
    public static EvidenceDigest DigestOf(IEnumerable<CanonicalEvents.Row> rows)
    {
        using var digest = new CanonicalEvents.Digest();
        foreach (var row in rows) digest.Add(row);
        return new EvidenceDigest(EvidenceBundle.Algorithm, digest.Count, digest.Hex());
    }

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static EvidenceEvent ToEvidence(CanonicalEvents.Row row, PersonalDataSerializer opener)
    {
        var columns = CanonicalColumns.Decode(row.Bytes);
        var data = columns["data"];
        var opened = data is not null && data.Contains(SealedValue.Marker, StringComparison.Ordinal) ? opener.OpenedJson(row.Type, data) : (JsonElement?)null;
        return new EvidenceEvent(
            row.Sequence, row.StreamId, row.Version, row.Type, columns["id"] ?? "", columns["timestamp"] ?? "",
            columns["user_name"], columns["correlation_id"], columns["causation_id"],
            columns["headers"] is { } headers ? Parse(headers) : null,
            data is not null ? Parse(data) : default,
            columns, Sha256Of(row.Bytes), opened);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private async Task<(List<EvidenceStep>, List<EvidenceProposalDelta>)> TimelineAsync(
        IReadOnlyList<EvidenceEvent> events, CausalChain? chain, CancellationToken cancellationToken)
    {
        var timeline = new List<EvidenceStep>();
        var deltas = new List<EvidenceProposalDelta>();
        await using var session = store.QuerySession();
        foreach (var group in events.GroupBy(e => e.StreamId, StringComparer.Ordinal))
        {
            var streamId = group.Key;
            if (WorkbenchStreams.IsWorkbenchStream(streamId) || Ids.IsMartenStream(streamId)) continue;
            var last = group.Max(e => e.Version);
            var streamEvents = await StreamEventReader.ReadAsync(store, streamId, 1, last, cancellationToken);
            var inPack = group.Select(e => e.Version).ToHashSet();
            foreach (var (e, changes) in HistoryTimeline.Changes(streamId, streamEvents))
            {
                if (inPack.Contains(e.Version)) timeline.Add(new EvidenceStep(e.Sequence, streamId, e.Version, changes));
            }
            var final = HistoryFold.StateAt(streamId, streamEvents, last);
            deltas.AddRange(final.Proposals
                .Where(review => chain is null || streamId != chain.StreamId || chain.ProposalIds.Contains(review.ProposalId, StringComparer.Ordinal))
                .Select(DeltaOf));
        }
        return (timeline, deltas);
    }

    private static EvidenceProposalDelta DeltaOf(ProposalReview review)
    {
        var isJson = review.ContentType == ContentType.Json;
        var edits = review.Edits.Select((edit, index) =>
        {
            var before = index == 0 ? review.AiContent : review.Edits[index - 1].Content;
            if (!ProposalDelta.Comparable(before, edit.Content)) return new EvidenceEdit(edit.Version, edit.Editor, edit.At, null, null, null, null);
            var delta = DeltaEngine.Compare(before, edit.Content, isJson);
            return new EvidenceEdit(edit.Version, edit.Editor, edit.At, delta.Similarity, ProposalDelta.CategoryName(delta.Category), delta.WordsInserted, delta.WordsDeleted);
        }).ToList();
        return new EvidenceProposalDelta(review.StreamId, review.ProposalId, JsonNamingPolicy.SnakeCaseLower.ConvertName(review.Outcome.ToString()),
            review.DecidedBy, review.DecidedAt, ProposalDelta.Of(review), edits, ProposalDelta.TextsErased(review));
    }
}
