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
        var proposals = Route(streamId, upTo).Select(pair => Review(pair.Key, pair.Value)).OfType<ProposalReview>();
        return State(streamId, upTo, Summary(streamId, upTo), proposals);
    }

    /// <summary>
    /// The states before and after the event at <paramref name="version"/> (the last of <paramref name="events"/> up to
    /// it), from one pass: the events are routed once and each proposal folded once, as the fold is deterministic and a
    /// proposal the event does not name is the same in both; only the proposal it names is folded with and without it,
    /// and the summary before it is copied and the event applied. A start or a correction (which can reach every
    /// proposal) folds both states whole.
    /// </summary>
    public static (HistoryState Before, HistoryState After) StepAt(string streamId, IReadOnlyList<IEvent> events, long version)
    {
        var upTo = UpTo(events, version);
        var e = upTo[^1];
        if (e.Data is InteractionStarted or EventCorrected) return (StateAt(streamId, events, version - 1), StateAt(streamId, events, version));

        var named = ProposalRouting.ProposalIdOf(e.Data) is { } proposalId ? ProposalReview.IdFor(streamId, proposalId) : null;
        var before = new List<ProposalReview>();
        var after = new List<ProposalReview>();
        foreach (var (id, routed) in Route(streamId, upTo))
        {
            if (id != named)
            {
                if (Review(id, routed) is not { } review) continue;
                before.Add(review);
                after.Add(review);
                continue;
            }
            // The event is the last routed to the proposal it names: without it, the proposal as it stood before.
            if (Review(id, routed[^1] == e ? routed.GetRange(0, routed.Count - 1) : routed) is { } was) before.Add(was);
            if (Review(id, routed) is { } now) after.Add(now);
        }

        var earlier = upTo.GetRange(0, upTo.Count - 1);
        var summaryBefore = Summary(streamId, earlier);
        var summaryAfter = Summaries.Evolve(summaryBefore?.Copy(), streamId, e);
        return (State(streamId, earlier, summaryBefore, before), State(streamId, upTo, summaryAfter, after));
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

    private static InteractionSummary? Summary(string streamId, List<IEvent> upTo)
    {
        InteractionSummary? summary = null;
        foreach (var e in upTo) summary = Summaries.Evolve(summary, streamId, e);
        return summary;
    }

    // The proposals in the order they were generated, as the state lists them.
    private static HistoryState State(string streamId, List<IEvent> upTo, InteractionSummary? summary, IEnumerable<ProposalReview> proposals)
    {
        var last = upTo.Count == 0 ? null : StreamQueries.ToStored(upTo[^1]);
        return new HistoryState(streamId, last?.Version ?? 0, summary, proposals.OrderBy(review => review.GeneratedVersion).ToList(), last);
    }
}
