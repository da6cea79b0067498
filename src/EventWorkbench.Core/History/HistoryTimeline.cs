using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.History;

/// <summary>
/// What every event of a stream changed in its state, in one pass: each event is folded once into the summary and the
/// proposals it concerns, and those are compared before and after it. The changes are those of
/// <see cref="HistoryStep.Changes"/> at each version, at the cost of one fold for the whole stream instead of one per event.
/// </summary>
public static class HistoryTimeline
{
    private static readonly InteractionSummaryProjection Summaries = new();
    private static readonly ProposalReviewProjection Reviews = new() { ComputesMetrics = false };

    /// <param name="events">The stream's events in order, from version 1.</param>
    public static IEnumerable<(IEvent Event, IReadOnlyList<JsonChange> Changes)> Changes(string streamId, IReadOnlyList<IEvent> events)
    {
        var routed = ProposalRouting.Route(streamId, [], events.Where(e => ProposalEventGrouper.RelevantTypes.Contains(e.EventType)).ToList());
        var foldedInto = new Dictionary<IEvent, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (id, routedEvents) in routed)
        {
            foreach (var e in routedEvents)
            {
                if (!foldedInto.TryGetValue(e, out var ids)) foldedInto[e] = ids = [];
                ids.Add(id);
            }
        }

        var reviews = new Dictionary<string, ProposalReview?>(StringComparer.Ordinal);
        var folded = new Dictionary<string, int>(StringComparer.Ordinal);
        InteractionSummary? summary = null;
        foreach (var e in events)
        {
            var concerned = foldedInto.GetValueOrDefault(e) ?? [];
            var before = State(streamId, summary, concerned, reviews).ToJson();
            summary = Summaries.Evolve(summary, streamId, e);
            foreach (var id in concerned)
            {
                // Fold this proposal's events up to this one (a new proposal's stream context comes before it).
                var own = routed[id];
                var next = folded.GetValueOrDefault(id);
                var review = reviews.GetValueOrDefault(id);
                for (; next < own.Count && own[next].Version <= e.Version; next++) review = Reviews.Evolve(review, id, own[next]);
                folded[id] = next;
                if (review is { GeneratedVersion: > 0 }) ProposalDelta.UpdateMetrics(review);
                reviews[id] = review;
            }
            yield return (e, DeltaEngine.CompareJson(before, State(streamId, summary, concerned, reviews).ToJson()));
        }
    }

    // The summary and the concerned proposals generated so far, serialised at once (the fold goes on mutating them).
    private static HistoryState State(string streamId, InteractionSummary? summary, List<string> concerned, Dictionary<string, ProposalReview?> reviews) =>
        new(streamId, 0, summary, concerned.Select(reviews.GetValueOrDefault).OfType<ProposalReview>().Where(r => r.GeneratedVersion > 0).ToList());
}
