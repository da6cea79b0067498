using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
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

    /// <summary>The state as one JSON document (<c>summary</c>, and <c>proposals</c> by proposal id), as the API writes it.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(
        new
        {
            summary = Summary,
            proposals = Proposals.ToDictionary(review => review.ProposalId, StringComparer.Ordinal),
        },
        EventCatalogue.Output);
}

/// <summary>One step through a stream's history: the event at a version, the state before it and the state after it.</summary>
public sealed record HistoryStep(StoredEvent Event, HistoryState Before, HistoryState After);

/// <summary>Where a stream's history begins and ends.</summary>
public sealed record StreamExtent(long LastVersion, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>An <c>event_corrected</c> at <paramref name="Version"/> that corrects the event at <paramref name="CorrectsVersion"/>.</summary>
public sealed record CorrectionLink(long Version, long CorrectsVersion);
