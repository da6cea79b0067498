using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Audit;

namespace EventWorkbench.Evidence;

/// <summary>
/// Verifies a bundle against the store: reads the store's events of the bundle's scope again, compares them with the
/// bundle's, event by event in sequence order, and recomputes both digests; names the first event that differs.
/// </summary>
public sealed class EvidenceVerifier(EvidencePacks packs)
{
    public async Task<EvidenceVerdict> VerifyAsync(EvidenceBundle bundle, CancellationToken cancellationToken = default)
    {
        var (rows, _) = await packs.RowsAsync(bundle.Scope, cancellationToken);
        var stored = rows.ToDictionary(row => row.Sequence);
        var given = new Dictionary<long, EvidenceEvent>();
        foreach (var e in bundle.Events) given.TryAdd(e.Sequence, e);

        var recomputed = RecomputedDigest(bundle.Events);
        var storeDigest = EvidencePacks.DigestOf(rows).Sha256;
        var first = FirstDifference(bundle, given, stored, recomputed);
        var summary = first is null
            ? $"Verified: the {bundle.Events.Count} events of the bundle are the store's events of {bundle.Scope.Describe()}, byte for byte, and the digest is theirs."
            : $"Not verified: {first.Detail}";
        return new EvidenceVerdict(first is null, summary, bundle.Scope, bundle.Events.Count, rows.Count, bundle.Digest.Sha256, recomputed, storeDigest, first);
    }

    private static EvidenceDifference? FirstDifference(
        EvidenceBundle bundle, Dictionary<long, EvidenceEvent> given, Dictionary<long, CanonicalEvents.Row> stored, string recomputed)
    {
        if (bundle.Events.Select(e => e.Sequence).Zip(bundle.Events.Select(e => e.Sequence).Skip(1)).FirstOrDefault(pair => pair.First >= pair.Second) is { First: > 0 } disorder)
        {
            var e = given[disorder.Second];
            return Difference(EvidenceDifferenceKind.ChangedInBundle, e,
                $"the bundle's events are not in sequence order: sequence {N(disorder.Second)} follows {N(disorder.First)}");
        }
        foreach (var sequence in given.Keys.Union(stored.Keys).Order())
        {
            var inBundle = given.GetValueOrDefault(sequence);
            var inStore = stored.GetValueOrDefault(sequence);
            if (inBundle is null)
                return new EvidenceDifference(EvidenceDifferenceKind.MissingFromBundle, sequence, inStore!.StreamId, inStore.Version, inStore.Type,
                    $"the store holds {Name(sequence, inStore.StreamId, inStore.Version, inStore.Type)}, which the bundle lacks");
            if (inStore is null)
                return Difference(EvidenceDifferenceKind.ExtraInBundle, inBundle,
                    $"the bundle holds {Name(inBundle)}, which the store does not hold for {bundle.Scope.Describe()}");
            if (BundleProblem(inBundle) is { } problem)
                return Difference(EvidenceDifferenceKind.ChangedInBundle, inBundle, $"{Name(inBundle)} was changed in the bundle: {problem}");
            if (!CanonicalColumns.Encode(inBundle.Canonical).AsSpan().SequenceEqual(inStore.Bytes))
                return Difference(EvidenceDifferenceKind.ChangedInStore, inBundle,
                    $"{Name(inBundle)} matches its own hash in the bundle, but the store now holds other bytes for it: the stored row was changed after the bundle was made (or the bundle was rewritten with its hashes)");
        }
        if (bundle.Digest.Sha256 != recomputed || bundle.Digest.EventCount != bundle.Events.Count)
            return new EvidenceDifference(EvidenceDifferenceKind.DigestChanged, null, null, null, null,
                $"every event matches the store, but the bundle's digest ({bundle.Digest.Sha256}, {N(bundle.Digest.EventCount)} events) is not the digest of its events ({recomputed}, {N(bundle.Events.Count)} events)");
        return null;
    }

    /// <summary>Why a bundle's event disagrees with itself: its canonical columns against its hash, its readable fields against its columns.</summary>
    private static string? BundleProblem(EvidenceEvent e)
    {
        var columns = e.Canonical;
        if (EvidencePacks.Sha256Of(CanonicalColumns.Encode(columns)) != e.Sha256) return "its canonical columns no longer give its sha256";
        var mismatches = new List<string>();
        void Expect(string field, string? readable, string column)
        {
            if (readable != columns[column]) mismatches.Add(field);
        }
        Expect("sequence", N(e.Sequence), "seq_id");
        Expect("id", e.Id, "id");
        Expect("streamId", e.StreamId, "stream_id");
        Expect("version", N(e.Version), "version");
        Expect("type", e.Type, "type");
        Expect("timestamp", e.Timestamp, "timestamp");
        Expect("actor", e.Actor, "user_name");
        Expect("correlationId", e.CorrelationId, "correlation_id");
        Expect("causationId", e.CausationId, "causation_id");
        if (!SameJson(e.Headers, columns["headers"])) mismatches.Add("headers");
        if (!SameJson(e.Data, columns["data"])) mismatches.Add("data");
        return mismatches.Count == 0 ? null : $"its {string.Join(", ", mismatches)} differ from its canonical columns";
    }

    private static bool SameJson(JsonElement? readable, string? column)
    {
        if (readable is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value) return column is null;
        if (column is null) return false;
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), JsonNode.Parse(column));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string RecomputedDigest(IEnumerable<EvidenceEvent> events) =>
        EvidencePacks.DigestOf(events.Select(e => new CanonicalEvents.Row(e.Sequence, e.StreamId, e.Version, e.Type, CanonicalColumns.Encode(e.Canonical)))).Sha256;

    private static EvidenceDifference Difference(EvidenceDifferenceKind kind, EvidenceEvent e, string detail) =>
        new(kind, e.Sequence, e.StreamId, e.Version, e.Type, detail);

    private static string Name(EvidenceEvent e) => Name(e.Sequence, e.StreamId, e.Version, e.Type);

    private static string Name(long sequence, string streamId, long version, string type) =>
        $"the event at sequence {N(sequence)} ({type}, v{N(version)} of stream '{streamId}')";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
