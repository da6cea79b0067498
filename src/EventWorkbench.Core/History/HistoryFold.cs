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
        var upTo = events.Where(e => e.Version <= version).ToList();
        InteractionSummary? summary = null;
        foreach (var e in upTo) summary = Summaries.Evolve(summary, streamId, e);

        var relevant = upTo.Where(e => ProposalEventGrouper.RelevantTypes.Contains(e.EventType)).ToList();
        var proposals = ProposalRouting.Route(streamId, [], relevant)
            .Select(pair => pair.Value.Aggregate((ProposalReview?)null, (review, e) => Reviews.Evolve(review, pair.Key, e)))
            .OfType<ProposalReview>()
            .Where(review => review.GeneratedVersion > 0)
            .OrderBy(review => review.GeneratedVersion)
            .ToList();
        foreach (var review in proposals) ProposalDelta.UpdateMetrics(review); // once, for the end state only
        var last = upTo.Count == 0 ? null : StreamQueries.ToStored(upTo[^1]);
        return new HistoryState(streamId, last?.Version ?? 0, summary, proposals, last);
    }
}
