using EventWorkbench.Ingest;
using EventWorkbench.Review;
using JasperFx.Events;

namespace EventWorkbench.Export;

/// <summary>
/// A proposal's review rebuilt from the pinned events, with the sequence numbers of the events it was built from. Its
/// delta metrics (similarity, edit distance, edit category) are left empty by the fold and computed on first need
/// (<see cref="WithMetrics"/>): only the rows a metric filter, the CSV or the dataset card looks at pay for them.
/// </summary>
public sealed record PinnedReview(ProposalReview Review, IReadOnlyList<long> Sequences)
{
    private bool _measured;

    /// <summary>The review with its delta metrics, computed once (a pure function of its content, as the projection stores them).</summary>
    public ProposalReview WithMetrics()
    {
        if (_measured) return Review;
        ProposalDelta.UpdateMetrics(Review);
        _measured = true;
        return Review;
    }
}

/// <summary>
/// Rebuilds one stream's reviews from its events with the review projection's own routing and fold, so an export
/// reads the proposals exactly as the review queue would have shown them at the pinned sequence.
/// </summary>
public sealed class PinnedReviews
{
    public static readonly string[] TypeNames = ProposalEventGrouper.RelevantTypes.Select(EventCatalogue.WireName).ToArray();

    private readonly ProposalReviewProjection _projection = new() { ComputesMetrics = false };

    /// <summary>The stream's generated proposals, in the order they were generated (their metrics not yet computed).</summary>
    public IReadOnlyList<PinnedReview> Fold(string streamId, IReadOnlyList<IEvent> events)
    {
        var reviews = new List<PinnedReview>();
        foreach (var (id, routed) in ProposalRouting.Route(streamId, [], events))
        {
            ProposalReview? review = null;
            foreach (var e in routed) review = _projection.Evolve(review, id, e);
            if (review is not { GeneratedVersion: > 0 }) continue;
            reviews.Add(new PinnedReview(review, routed.Select(e => e.Sequence).Distinct().Order().ToList()));
        }
        reviews.Sort((a, b) => a.Review.GeneratedVersion.CompareTo(b.Review.GeneratedVersion));
        return reviews;
    }
}
