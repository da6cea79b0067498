using EventWorkbench.Ingest;
using EventWorkbench.Review;
using JasperFx.Events;

namespace EventWorkbench.Export;

/// <summary>A proposal's review rebuilt from the pinned events, with the sequence numbers of the events it was built from.</summary>
public sealed record PinnedReview(ProposalReview Review, IReadOnlyList<long> Sequences);

/// <summary>
/// Rebuilds one stream's reviews from its events with the review projection's own routing and fold, so an export
/// reads the proposals exactly as the review queue would have shown them at the pinned sequence.
/// </summary>
public sealed class PinnedReviews
{
    public static readonly string[] TypeNames = ProposalEventGrouper.RelevantTypes.Select(EventCatalogue.WireName).ToArray();

    private readonly ProposalReviewProjection _projection = new();

    /// <summary>The stream's generated proposals, in the order they were generated.</summary>
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
