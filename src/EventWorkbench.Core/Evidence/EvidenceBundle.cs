using System.Text.Json;
using EventWorkbench.Review.Delta;

namespace EventWorkbench.Evidence;

/// <summary>What an evidence pack covers: a stream, a proposal (its causal chain) or a correlation id.</summary>
public enum EvidenceScopeKind { Stream, Proposal, Correlation }

public sealed record EvidenceScope(EvidenceScopeKind Kind, string? StreamId = null, string? ProposalId = null, string? CorrelationId = null)
{
    public string Describe() => Kind switch
    {
        EvidenceScopeKind.Stream => $"stream '{StreamId}'",
        EvidenceScopeKind.Proposal => $"proposal '{ProposalId}' of stream '{StreamId}'",
        _ => $"correlation id '{CorrelationId}'",
    };
}

/// <summary>SHA-256 over the canonical bytes of the events in sequence order, as <see cref="Audit.CanonicalEvents.Digest"/> computes it.</summary>
public sealed record EvidenceDigest(string Algorithm, long EventCount, string Sha256);

/// <summary>
/// One event: readable (its metadata and data as JSON) and canonical (every stored column as text, exactly as
/// <see cref="Audit.CanonicalEvents"/> reads it), with the SHA-256 of its canonical bytes. <see cref="Data"/> is the data
/// as stored, personal fields sealed; <see cref="OpenedData"/>, present only for an event with sealed fields, is the same
/// data with them opened (or <c>[erased]</c>) when the pack was made. The digest covers the stored form only.
/// </summary>
public sealed record EvidenceEvent(
    long Sequence,
    string StreamId,
    long Version,
    string Type,
    string Id,
    string Timestamp,
    string? Actor,
    string? CorrelationId,
    string? CausationId,
    JsonElement? Headers,
    JsonElement Data,
    IReadOnlyDictionary<string, string?> Canonical,
    string Sha256,
    JsonElement? OpenedData = null);

/// <summary>What one event changed in its interaction's state (its summary and proposal reviews), path by path.</summary>
public sealed record EvidenceStep(long Sequence, string StreamId, long Version, IReadOnlyList<JsonChange> Changes);

/// <summary>One edit of a proposal and how far it moved the content it edited (unknown, null, once either text was erased).</summary>
public sealed record EvidenceEdit(long Version, string Editor, DateTimeOffset At, double? Similarity, string? Category, int? WordsInserted, int? WordsDeleted);

/// <summary>
/// A proposal's delta: its AI content against the final human version, and each edit. <see cref="TextsErased"/> when it
/// has a final version whose texts were erased with their data subject: the delta is then null, the change no longer known.
/// </summary>
public sealed record EvidenceProposalDelta(
    string StreamId, string ProposalId, string Outcome, string? DecidedBy, DateTimeOffset? DecidedAt, TextDelta? Delta, IReadOnlyList<EvidenceEdit> Edits,
    bool TextsErased);

/// <summary>An evidence pack as JSON: every event with its metadata and canonical columns, the state timeline, the deltas and the digest.</summary>
public sealed record EvidenceBundle(
    string Format,
    EvidenceScope Scope,
    DateTimeOffset GeneratedAt,
    string? GeneratedBy,
    EvidenceDigest Digest,
    IReadOnlyList<EvidenceEvent> Events,
    IReadOnlyList<EvidenceStep> Timeline,
    IReadOnlyList<EvidenceProposalDelta> Deltas)
{
    public const string FormatName = "eventworkbench-evidence/1";
    public const string Algorithm = "SHA-256";
}
