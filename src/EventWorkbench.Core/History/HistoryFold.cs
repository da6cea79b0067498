using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.History;

/// <summary>
/// Folds a stream's events up to a version with the same projections that store its documents inline, so the state at
/// the last version is the stored one and every earlier state is what was stored then: Marten's live aggregation,
/// for the summary and for the proposals' reviews (a multi-stream projection Marten cannot aggregate live itself).
/// </summary>
public static class HistoryFold
{
    private static readonly InteractionSummaryProjection Summaries = new();
    private static readonly ProposalReviewProjection Reviews = new() { ComputesMetrics = false };

    /// <param name="events">The stream's events in order, from version 1; those after <paramref name="version"/> are left out.</param>
    public static HistoryState StateAt(string streamId, IReadOnlyList<IEvent> events, long version)
    {
        var upTo = UpTo(events, version);
        var proposals = Route(streamId, upTo)
            .Select(pair => Review(pair.Key, pair.Value))
            .OfType<ProposalReview>()
            .OrderBy(review => review.GeneratedVersion)
            .ToList();
        return State(streamId, upTo, proposals);
    }

    /// <summary>
    /// The states before and after the event at <paramref name="version"/> (the last of <paramref name="events"/>). The
    /// fold is deterministic, so a proposal the event does not name is the same in both: only the proposal it names is
    /// folded again; a start or a correction (which can reach every proposal) folds the whole state again.
    /// </summary>
    public static (HistoryState Before, HistoryState After) StepAt(string streamId, IReadOnlyList<IEvent> events, long version)
    {
        var before = StateAt(streamId, events, version - 1);
        var upTo = UpTo(events, version);
        var data = upTo[^1].Data;
        if (data is InteractionStarted or EventCorrected) return (before, StateAt(streamId, events, version));
        if (ProposalRouting.ProposalIdOf(data) is not { } proposalId) return (before, State(streamId, upTo, before.Proposals));

        var id = ProposalReview.IdFor(streamId, proposalId);
        var proposals = before.Proposals.Where(review => review.Id != id).ToList();
        if (Route(streamId, upTo).TryGetValue(id, out var own) && Review(id, own) is { } review)
        {
            proposals.Add(review);
            proposals.Sort((a, b) => a.GeneratedVersion.CompareTo(b.GeneratedVersion));
        }
        return (before, State(streamId, upTo, proposals));
    }

    private static List<IEvent> UpTo(IReadOnlyList<IEvent> events, long version) => events.Where(e => e.Version <= version).ToList();

    private static Dictionary<string, List<IEvent>> Route(string streamId, List<IEvent> upTo) =>
        ProposalRouting.Route(streamId, [], upTo.Where(e => ProposalEventGrouper.RelevantTypes.Contains(e.EventType)).ToList());

    // A generated proposal's review with its delta metrics (computed once, for the end state only); null before its generation.
    private static ProposalReview? Review(string id, List<IEvent> events)
    {
        var review = events.Aggregate((ProposalReview?)null, (folded, e) => Reviews.Evolve(folded, id, e));
        if (review is not { GeneratedVersion: > 0 }) return null;
        ProposalDelta.UpdateMetrics(review);
        return review;
    }

    private static HistoryState State(string streamId, List<IEvent> upTo, IReadOnlyList<ProposalReview> proposals)
    {
        InteractionSummary? summary = null;
        foreach (var e in upTo) summary = Summaries.Evolve(summary, streamId, e);
        var last = upTo.Count == 0 ? null : StreamQueries.ToStored(upTo[^1]);
        return new HistoryState(streamId, last?.Version ?? 0, summary, proposals, last);
    }
}
