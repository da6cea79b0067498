using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Review;

public static class ReviewFeature
{
    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<ProposalReviewProjection>(ProjectionLifecycle.Inline);
        // Real columns (with btree indexes) for what the queue sorts, counts and filters on most: counting and
        // ordering then read narrow indexes instead of every JSON document.
        options.Schema.For<ProposalReview>()
            .Duplicate(x => x.StreamId)
            .Duplicate(x => x.ProposalId)
            .Duplicate(x => x.GeneratedAt)
            .Duplicate(x => x.Outcome)
            .Duplicate(x => x.Product)
            .Duplicate(x => x.Channel)
            .Duplicate(x => x.Similarity);
    }
}
