using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;

namespace EventWorkbench.History;

/// <summary>
/// An interaction as it stood once the event at <see cref="Version"/> was appended: its summary and the review of each
/// proposal generated so far, with the corrections appended up to then applied. Version 0 is the empty state before
/// the first event. <see cref="Event"/> is the event at that version (null at 0); it is not part of the state's JSON.
/// </summary>
public sealed record HistoryState(
    string StreamId, long Version, InteractionSummary? Summary, IReadOnlyList<ProposalReview> Proposals, StoredEvent? Event = null)
{
    public static HistoryState Empty(string streamId) => new(streamId, 0, null, []);

    /// <summary>
    /// The state as one JSON document (<c>summary</c>, and <c>proposals</c> by proposal id), as the API writes it;
    /// with <paramref name="onlyProposals"/>, the summary and just those proposals.
    /// </summary>
    public JsonElement ToJson(IReadOnlySet<string>? onlyProposals = null) => JsonSerializer.SerializeToElement(
        new
        {
            summary = Summary,
            proposals = Proposals
                .Where(review => onlyProposals is null || onlyProposals.Contains(review.ProposalId))
                .ToDictionary(review => review.ProposalId, StringComparer.Ordinal),
        },
        EventCatalogue.Output);
}

/// <summary>One step through a stream's history: the event at a version, the state before it and the state after it.</summary>
public sealed record HistoryStep(StoredEvent Event, HistoryState Before, HistoryState After)
{
    /// <summary>
    /// The proposals this step's event can change: the one it names, or every proposal for a start or a correction
    /// (a correction can reach any of them). The fold is deterministic, so every other proposal is the same before
    /// and after: comparing these alone gives the same changes as comparing the whole state, at any stream length.
    /// </summary>
    public IReadOnlySet<string> ConcernedProposals { get; } = Concerned(Event, After);

    /// <summary>What the event changed in the state, one change per JSON path.</summary>
    public IReadOnlyList<JsonChange> Changes() => DeltaEngine.CompareJson(Before.ToJson(ConcernedProposals), After.ToJson(ConcernedProposals));

    private static HashSet<string> Concerned(StoredEvent e, HistoryState after)
    {
        if (e.Type is "interaction_started" or "event_corrected") return after.Proposals.Select(p => p.ProposalId).ToHashSet(StringComparer.Ordinal);
        return e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty("proposalId", out var id) && id.ValueKind == JsonValueKind.String
            ? new HashSet<string>([id.GetString()!], StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }
}

/// <summary>Where a stream's history begins and ends.</summary>
public sealed record StreamExtent(long LastVersion, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>An <c>event_corrected</c> at <paramref name="Version"/> that corrects the event at <paramref name="CorrectsVersion"/>.</summary>
public sealed record CorrectionLink(long Version, long CorrectsVersion);
