using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Streams;

public static class StreamsFeature
{
    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<InteractionSummaryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<InteractionSummary>()
            .Index(x => x.LastEventAt)
            .Index(x => x.Product);
    }
}
