using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Analytics;

/// <summary>
/// The analytics read models, each run by the async daemon. They read the inline <c>ProposalReview</c> (outcome,
/// similarity, time to decision, corrections applied) rather than folding the proposals again, so that projection must
/// stay inline (or at least never lag them).
/// </summary>
public static class AnalyticsFeature
{
    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<ModelScorecardProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<ActivityByDayProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<ReviewerActivityProjection>(ProjectionLifecycle.Async);
        // A fold that throws stops its projection rather than skipping the event (the daemon's default): a skipped event
        // would leave the documents different from a rebuild's.
        options.Projections.Errors.SkipApplyErrors = false;
        options.Schema.For<ModelScorecard>().Duplicate(x => x.Day).Duplicate(x => x.Model).Duplicate(x => x.Product);
        options.Schema.For<ActivityByDay>().Duplicate(x => x.Day).Duplicate(x => x.Product);
        options.Schema.For<ReviewerActivity>().Duplicate(x => x.Day).Duplicate(x => x.Person);
    }
}
