using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Review;

public static class ReviewFeature
{
    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<ProposalReviewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ProposalReview>()
            .Index(x => x.StreamId)
            .Index(x => x.ProposalId)
            .Index(x => x.GeneratedAt)
            .Index(x => x.Outcome)
            .Index(x => x.Product);
    }
}
